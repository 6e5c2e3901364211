import { describe, expect, it } from 'vitest';
import { dayFromNumber, dayNumber, earliestDay, isoDay, latestDay, parseEdtf, tryParseEdtf } from './edtf';
import { describeEdtf, describeSpan, formatCount } from './format';

const span = (text: string) => {
  const e = parseEdtf(text);
  const a = earliestDay(e);
  const b = latestDay(e);
  return [a ? isoDay(a) : null, b ? isoDay(b) : null];
};

describe('EDTF spans', () => {
  it('gives the widest span of days', () => {
    expect(span('2016')).toEqual(['2016-01-01', '2016-12-31']);
    expect(span('2016-02')).toEqual(['2016-02-01', '2016-02-29']);
    expect(span('2015-02')).toEqual(['2015-02-01', '2015-02-28']);
    expect(span('2016-08-25')).toEqual(['2016-08-25', '2016-08-25']);
    expect(span('201X')).toEqual(['2010-01-01', '2019-12-31']);
    expect(span('19XX')).toEqual(['1900-01-01', '1999-12-31']);
    expect(span('2016-XX')).toEqual(['2016-01-01', '2016-12-31']);
    expect(span('2016-24')).toEqual(['2016-12-01', '2017-02-28']);
    expect(span('2016-21')).toEqual(['2016-03-01', '2016-05-31']);
    expect(span('2016-08-21/2016-08-31')).toEqual(['2016-08-21', '2016-08-31']);
    expect(span('2016-08/..')).toEqual(['2016-08-01', null]);
    expect(span('/2016-10-10')).toEqual([null, '2016-10-10']);
    expect(span('2016~')).toEqual(['2016-01-01', '2016-12-31']);
  });

  it('refuses what is not EDTF', () => {
    for (const bad of ['', '2016-13', '2016-02-30', '16', '2016-08-21/2016-08-01', '../..', '2016/2017/2018', '2X16', '201X-05']) {
      expect(tryParseEdtf(bad), bad).toBeNull();
    }
  });

  it('reads qualifiers', () => {
    const e = parseEdtf('2016-08%');
    expect(e.start?.approximate).toBe(true);
    expect(e.start?.uncertain).toBe(true);
  });

  it('day numbers round-trip', () => {
    expect(dayNumber({ y: 1970, m: 1, d: 1 })).toBe(0);
    expect(dayNumber({ y: 2016, m: 8, d: 25 })).toBe(17038);
    for (const n of [-1000000, -1, 0, 59, 60, 17038, 2932896]) {
      expect(dayNumber(dayFromNumber(n))).toBe(n);
    }
  });
});

describe('EDTF in words', () => {
  it('English', () => {
    expect(describeEdtf('2016-08-21/2016-08-31', 'en')).toBe('late August 2016');
    expect(describeEdtf('2016-08-01/2016-08-10', 'en')).toBe('early August 2016');
    expect(describeEdtf('2016-08-11/2016-08-20', 'en')).toBe('mid-August 2016');
    expect(describeEdtf('2016-08', 'en')).toBe('August 2016');
    expect(describeEdtf('2016-08-25', 'en')).toBe('25 August 2016');
    expect(describeEdtf('201X', 'en')).toBe('the 2010s');
    expect(describeEdtf('2016~', 'en')).toBe('2016 (approximate)');
    expect(describeEdtf('2016?', 'en')).toBe('2016 (uncertain)');
    expect(describeEdtf('2016-21', 'en')).toBe('spring 2016');
    expect(describeEdtf('2016-24', 'en')).toBe('winter 2016–2017');
    expect(describeEdtf('2016-XX', 'en')).toBe('some month of 2016');
    expect(describeEdtf('2016-01/2016-10-10', 'en')).toBe('between January 2016 and 10 October 2016');
    expect(describeEdtf('2016-08/..', 'en')).toBe('from August 2016 on');
    expect(describeEdtf('/2016', 'en')).toBe('until 2016, start unknown');
    expect(describeEdtf('2016-13', 'en')).toBe('Not a valid EDTF date');
  });

  it('Korean', () => {
    expect(describeEdtf('2016-08-21/2016-08-31', 'ko')).toBe('2016년 8월 하순');
    expect(describeEdtf('201X', 'ko')).toBe('2010년대');
    expect(describeEdtf('2016-21', 'ko')).toBe('2016년 봄');
  });

  it('Russian uses the genitive month', () => {
    expect(describeEdtf('2016-08-21/2016-08-31', 'ru')).toBe('конец августа 2016\u202fг.');
    expect(describeEdtf('201X', 'ru')).toBe('2010-е годы');
  });

  it('describes the span', () => {
    expect(describeSpan('2016-08', 'en')).toBe('Any day from 1 August 2016 to 31 August 2016');
    expect(describeSpan('2016-08/..', 'en')).toBe('Any day from 1 August 2016 on');
  });
});

describe('counts as ranges', () => {
  it('formats ranges, bests and the source words', () => {
    expect(formatCount({ min: 6, max: 10, unit: 'individuals' }, 'en')).toBe('6–10 people');
    expect(formatCount({ min: 6, max: 10, best: 8, unit: 'individuals', words: '6-10 people' }, 'en')).toBe(
      '6–10 people, best estimate 8 (“6-10 people”)',
    );
    expect(formatCount({ min: 150, max: null, unit: 'individuals' }, 'en')).toBe('at least 150 people');
    expect(formatCount({ min: 13, max: 13, best: 13 }, 'en')).toBe('13 people');
    expect(formatCount({ min: 2, max: 3, unit: 'families' }, 'ko')).toBe('2–3 가족');
    expect(formatCount({ min: 150, unit: 'individuals' }, 'ru')).toBe('не менее 150 чел.');
  });

  it('formats numbers in the locale', () => {
    expect(formatCount({ min: 1500, max: 12000 }, 'en')).toBe('1,500–12,000 people');
    expect(formatCount({ min: 1500, max: 12000 }, 'ru')).toMatch(/^1\s500–12\s000 чел\.$/u);
  });
});
