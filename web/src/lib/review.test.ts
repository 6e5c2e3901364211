import { describe, expect, it } from 'vitest';
import { translator } from './i18n';
import { describeCorroboration, fieldLabel, levelLabel, recordRights, weightBar, weightScale } from './review';

const en = translator('en');
const ru = translator('ru');
const corroboration = (c: Partial<Parameters<typeof describeCorroboration>[1]>) => ({
  independent_sources: 0,
  first_hand_sources: 0,
  reports: 0,
  weight: 0,
  credibility: 6,
  reason: '',
  ...c,
});

describe('review', () => {
  it('lets every role read and only record writers decide (access/policy.cc)', () => {
    for (const role of ['administrator', 'source_handler', 'documenter']) expect(recordRights(role)).toEqual({ read: true, write: true });
    for (const role of ['caseworker', 'analyst', 'viewer']) expect(recordRights(role)).toEqual({ read: true, write: false });
    expect(recordRights(undefined)).toEqual({ read: false, write: false });
    expect(recordRights('stranger')).toEqual({ read: false, write: false });
  });

  it('scales bars to the largest weight in the queue, never below one bit', () => {
    expect(weightScale([])).toBe(1);
    expect(weightScale([[{ field: 'name', level: 'exact', weight: 0.2 }]])).toBe(1);
    expect(
      weightScale([
        [{ field: 'name', level: 'exact', weight: 6 }],
        [{ field: 'sex', level: 'else', weight: -8 }],
      ]),
    ).toBe(8);
  });

  it('draws a weight for, against or neither, capped at a full half', () => {
    expect(weightBar(4, 8)).toEqual({ stance: 'for', percent: 50 });
    expect(weightBar(-2, 8)).toEqual({ stance: 'against', percent: 25 });
    expect(weightBar(0, 8)).toEqual({ stance: 'neutral', percent: 0 });
    expect(weightBar(0.01, 8)).toEqual({ stance: 'neutral', percent: 0 });
    expect(weightBar(20, 8)).toEqual({ stance: 'for', percent: 100 });
    expect(weightBar(Number.NaN, 8).stance).toBe('neutral');
  });

  it('names fields and plain levels, and keeps technical levels as they came', () => {
    expect(fieldLabel(en, 'birth_date')).toBe('Birth date');
    expect(fieldLabel(ru, 'birth_date')).toBe('Дата рождения');
    expect(fieldLabel(en, 'shoe_size')).toBe('shoe_size');
    expect(levelLabel(en, 'exact')).toBe('exact');
    expect(levelLabel(en, 'one typo')).toBe('one typo');
    expect(levelLabel(ru, 'missing')).toBe('нет с одной стороны');
    expect(levelLabel(ru, 'jaro-winkler >= 0.92')).toBe('jaro-winkler >= 0.92');
  });

  it('says the corroboration grade in words (docs/corroboration.md)', () => {
    expect(describeCorroboration(en, corroboration({ independent_sources: 3, first_hand_sources: 2, reports: 3, credibility: 1 }))).toBe(
      'Confirmed by 3 independent sources, 2 first-hand.',
    );
    expect(describeCorroboration(en, corroboration({ independent_sources: 2, reports: 4, credibility: 2 }))).toBe(
      'Probably true: 2 independent sources, none first-hand. (4 reports, several from one source.)',
    );
    expect(describeCorroboration(en, corroboration({ independent_sources: 1, first_hand_sources: 1, reports: 1, credibility: 3 }))).toMatch(/^Possibly true/);
    expect(describeCorroboration(en, corroboration({ independent_sources: 1, reports: 1, credibility: 4 }))).toMatch(/^Doubtful/);
    expect(describeCorroboration(en, corroboration({}))).toBe('No supporting report: cannot be judged.');
    expect(describeCorroboration(en, corroboration({ credibility: 5 }))).toBe('5: improbable');
  });
});
