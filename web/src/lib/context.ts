import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { User, Vocabulary } from './api';
import { type Lang, type T, translator } from './i18n';

export interface AppState {
  lang: Lang;
  t: T;
  user: User | null;
  vocab: Vocabulary | null;
}

export const AppContext = createContext<AppState>({ lang: 'en', t: translator('en'), user: null, vocab: null });
export const useApp = () => useContext(AppContext);

/** The act-type or post-role label in the UI language, or the code. */
export function vocabLabel(state: AppState, table: 'act_types' | 'post_roles', code: string): string {
  const entry = state.vocab?.[table].find((e) => e.code === code);
  return entry ? entry[state.lang] || entry.en : code;
}
