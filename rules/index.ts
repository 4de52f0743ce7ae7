/** @fileoverview The built-in rules, one module each; ids must be unique (checked in test/meta.test.ts). */
import type { AnyRule } from '../src/engine/rule.js';
import hostNetwork from './host-network.js';
import misplacedInjectAnnotation from './misplaced-inject-annotation.js';

/** Every built-in rule, sorted by id. */
export const BUILTIN_RULES: readonly AnyRule[] = [
  hostNetwork,
  misplacedInjectAnnotation,
].sort((a, b) => (a.id < b.id ? -1 : 1));
