/**
 * Where a script's answers go: a fixed vocabulary, so the runner, the request form, the history and
 * the editor agree, with a label in each language. An answer at a step without a field is kept
 * under that step (`step:<id>`), where it can never overwrite a described need.
 */
export const SCRIPT_FIELDS = {
  need: { ru: 'Какие работы нужны', en: 'Work needed' },
  volume: { ru: 'Объём', en: 'Volume' },
  site: { ru: 'Объект', en: 'Site' },
  deadline: { ru: 'Сроки', en: 'Deadline' },
  budget: { ru: 'Бюджет', en: 'Budget' },
  contact: { ru: 'Контакт', en: 'Contact' },
  futureNeed: { ru: 'Будущая потребность', en: 'Future need' },
  trigger: { ru: 'Что запустит потребность', en: 'What will set it off' },
} as const;

export type ScriptField = keyof typeof SCRIPT_FIELDS;

export function isScriptField(key: string): key is ScriptField {
  return Object.hasOwn(SCRIPT_FIELDS, key);
}

/** The answer key of a step: its field from the vocabulary, or the step itself. */
export function answerKey(node: { id: string; field: string }): string {
  return isScriptField(node.field) ? node.field : `step:${node.id}`;
}

/** The label of an answer key in `language`; null for a step's own answer (a choice along the way). */
export function fieldLabel(key: string, language: 'ru' | 'en'): string | null {
  return isScriptField(key) ? SCRIPT_FIELDS[key][language] : null;
}
