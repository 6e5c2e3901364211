import { describe, expect, it } from 'vitest';
import { DICTS, LANGS, en, placeholders, translate } from './i18n';

describe('translations', () => {
  const keys = Object.keys(en);

  it('has every key in every language, none empty', () => {
    for (const lang of LANGS) {
      const dict = DICTS[lang] as Record<string, string>;
      const missing = keys.filter((k) => typeof dict[k] !== 'string' || dict[k].trim() === '');
      expect(missing, `${lang} lacks`).toEqual([]);
      const extra = Object.keys(dict).filter((k) => !(k in en));
      expect(extra, `${lang} has unknown keys`).toEqual([]);
    }
  });

  it('keeps the same placeholders', () => {
    for (const lang of LANGS) {
      for (const k of keys) {
        const a = placeholders((en as Record<string, string>)[k]);
        const b = placeholders((DICTS[lang] as Record<string, string>)[k]);
        expect(b, `${lang} ${k}`).toEqual(a);
      }
    }
  });

  it('translates labels people see (Korean and Russian differ from English)', () => {
    const untranslated = ['app.name', 'field.sha256', 'count.range', 'edtf.help'];
    for (const lang of ['ko', 'ru'] as const) {
      const same = keys.filter(
        (k) => !untranslated.includes(k) && !/^enum\.reliability|^enum\.credibility/.test(k) &&
          (DICTS[lang] as Record<string, string>)[k] === (en as Record<string, string>)[k],
      );
      expect(same, `${lang} copies English`).toEqual([]);
    }
  });

  it('fills placeholders', () => {
    expect(translate('en', 'auth.signedInAs', { name: 'mina', role: 'documenter' })).toBe(
      'Signed in as mina (documenter)',
    );
    expect(translate('ko', 'search.hits', { count: 3 })).toBe('3건 찾음');
  });
});
