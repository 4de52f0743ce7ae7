/** @fileoverview Entry point of the decision engine: one Verdict per workload, computed once per run. */
import type { ClusterModel, Workload } from '../model/types.js';
import type { PredictOptions, Verdict, VerdictSet } from './types.js';

/** Computes every workload's verdict once; `get` never recomputes. */
export function predictAll(model: ClusterModel, options: PredictOptions): VerdictSet {
  const verdicts = new Map<Workload, Verdict>();
  for (const w of model.workloads) verdicts.set(w, predictInterim(w));
  return {
    options,
    get(workload) {
      const v = verdicts.get(workload);
      if (!v) throw new Error(`No verdict for ${workload.key}: it is not a workload of this model.`);
      return v;
    },
    all: () => [...verdicts.values()],
  };
}

// Interim: replaced by the layered engine (issue: decision engine).
function predictInterim(w: Workload): Verdict {
  return {
    workload: w, outcome: 'unknown', injected: null, revision: null, layer: 'namespace', reason: 'NAMESPACE_LABELS_UNKNOWN',
    message: 'decision engine not wired yet', hints: [], trace: [], matchedWebhooks: [], assumptions: [],
  };
}
