/**
 * @fileoverview Message templates with typed data: `{{name}}` placeholders are extracted from the template's literal
 * type, so a report that omits one fails to compile (ESLint's messageIds, Istio's typed msg constructors).
 */

/** Removes spaces around a placeholder name (`{{ name }}` and `{{name}}` are the same). */
type Trim<S extends string> = S extends ` ${infer R}` ? Trim<R> : S extends `${infer R} ` ? Trim<R> : S;

/** The placeholder names of a template literal type, as a union (`never` when it has none). */
export type Placeholders<T extends string> = T extends `${string}{{${infer Name}}}${infer Rest}` ? Trim<Name> | Placeholders<Rest> : never;

/** The data a template needs: one string or number per placeholder. A widened `string` template accepts any data. */
export type MessageData<T extends string> = string extends T
  ? Readonly<Record<string, string | number>>
  : { readonly [K in Placeholders<T>]: string | number };

/** `data` is required exactly when the template has placeholders. */
export type DataField<T extends string> = [Placeholders<T>] extends [never] ? { readonly data?: undefined } : { readonly data: MessageData<T> };

/** A template split at its placeholders: literal, name, literal, name, …, literal (always an odd count). */
const compiled = new Map<string, readonly string[]>();

function compile(template: string): readonly string[] {
  const parts: string[] = [];
  let last = 0;
  for (const m of template.matchAll(/\{\{\s*(\w+)\s*\}\}/g)) {
    parts.push(template.slice(last, m.index), m[1]!);
    last = m.index + m[0].length;
  }
  parts.push(template.slice(last));
  return parts;
}

/**
 * Fills `{{name}}` placeholders; a placeholder without data is a programmer error naming `owner` (a rule or diagnostic
 * id). Templates are few and filled often (every evidence note of every verdict), so each is split once.
 */
export function interpolate(owner: string, template: string, data: Readonly<Record<string, string | number>>): string {
  let parts = compiled.get(template);
  if (!parts) {
    parts = compile(template);
    compiled.set(template, parts);
  }
  if (parts.length === 1) return template;
  // Joined, not concatenated: one flat string, not a rope of pieces kept alive with the fact that holds it.
  const out = new Array<string>(parts.length);
  out[0] = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const v = data[parts[i]!];
    if (v === undefined) throw new Error(`${owner}: message placeholder {{${parts[i]!}}} has no data.`);
    out[i] = String(v);
    out[i + 1] = parts[i + 1]!;
  }
  return out.join('');
}
