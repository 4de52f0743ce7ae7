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

/** Fills `{{name}}` placeholders; a placeholder without data is a programmer error naming `owner` (a rule or diagnostic id). */
export function interpolate(owner: string, template: string, data: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => {
    const v = data[name];
    if (v === undefined) throw new Error(`${owner}: message placeholder {{${name}}} has no data.`);
    return String(v);
  });
}
