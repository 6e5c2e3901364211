import { describe, expect, it } from 'vitest';
import {
  STAGES,
  caseRights,
  describeAlarm,
  describeHistoryAction,
  describeHistoryDetail,
  describePositionReason,
  formatDuration,
  groupByStage,
  linkKind,
  parsePositionReason,
  parseServerDuration,
  secondsSince,
  servesOrLeads,
} from './casework';

describe('the board', () => {
  it('groups cases by stage, every stage present, order kept', () => {
    const cases = [
      { id: 'a', stage: 'verified' },
      { id: 'b', stage: 'requested' },
      { id: 'c', stage: 'verified' },
      { id: 'd', stage: 'closed' },
      { id: 'e', stage: 'no-such-stage' },
    ];
    const g = groupByStage(cases);
    expect(Object.keys(g)).toEqual([...STAGES]);
    expect(g.verified.map((c) => c.id)).toEqual(['a', 'c']);
    expect(g.requested.map((c) => c.id)).toEqual(['b']);
    expect(g.closed.map((c) => c.id)).toEqual(['d']);
    expect(g.sheltered).toEqual([]);
    expect(Object.values(g).flat()).toHaveLength(4);
  });

  it('counts waiting seconds and never goes below zero', () => {
    const now = new Date('2024-03-04T12:00:00Z');
    expect(secondsSince('2024-03-01T08:30:00Z', now)).toBe(3 * 86400 + 3.5 * 3600);
    expect(secondsSince('2024-03-04T12:00:05Z', now)).toBe(0);
    expect(secondsSince('not a time', now)).toBe(0);
  });
});

describe('durations', () => {
  it('reads the server’s durations', () => {
    expect(parseServerDuration('3 d 4 h')).toBe(3 * 86400 + 4 * 3600);
    expect(parseServerDuration('4 h 0 min')).toBe(4 * 3600);
    expect(parseServerDuration('12 min')).toBe(720);
    expect(parseServerDuration('0 s')).toBe(0);
    for (const bad of ['', '3', '3 weeks', 'd 3', '-1 d', '1.5 h']) expect(parseServerDuration(bad), bad).toBeNull();
  });

  it('says the two largest units in the user’s language', () => {
    const d = 3 * 86400 + 4 * 3600 + 59;
    expect(formatDuration(d, 'en')).toBe('3 days 4 hrs');
    expect(formatDuration(d, 'ko')).toBe('3일 4시간');
    expect(formatDuration(d, 'ru')).toBe('3 дн. 4 ч');
    expect(formatDuration(2 * 86400, 'en')).toBe('2 days');
    expect(formatDuration(3600 + 120, 'en')).toBe('1 hr 2 mins');
    expect(formatDuration(59, 'en')).toBe('59 secs');
    expect(formatDuration(-5, 'en')).toBe('0 secs');
  });
});

describe('position reasons', () => {
  const server = 'tier: immediate danger; waiting 1 d 2 h; ahead of vulnerable requests made up to 23 d 0 h before it';

  it('parses casework::PositionReason', () => {
    expect(parsePositionReason(server)).toEqual({
      tier: 'immediate',
      waitingSeconds: 86400 + 7200,
      ahead: { tier: 'vulnerable', leadSeconds: 23 * 86400 },
    });
    expect(parsePositionReason('tier: standard; waiting 0 s')).toEqual({ tier: 'standard', waitingSeconds: 0 });
    expect(parsePositionReason('tier: urgent; waiting 0 s')).toBeNull();
    expect(parsePositionReason('something else')).toBeNull();
  });

  it('says it again in each language, or shows the server’s words when they do not parse', () => {
    expect(describePositionReason(server, 'en')).toBe(
      'tier: immediate danger; waiting 1 day 2 hrs; ahead of vulnerable requests made up to 23 days before it',
    );
    expect(describePositionReason(server, 'ko')).toBe('등급: 즉각적 위험; 대기 1일 2시간; 최대 23일 먼저 들어온 취약 요청보다 앞섬');
    expect(describePositionReason('tier: standard; waiting 5 min', 'ru')).toBe('категория: обычная; ожидание 5 мин');
    expect(describePositionReason('new wording from a newer server', 'ru')).toBe('new wording from a newer server');
  });

  it('says how overdue an alarm is', () => {
    const now = new Date('2024-01-05T02:00:00Z');
    expect(describeAlarm('requested', '2024-01-03T00:00:00Z', now, 'en')).toBe('stage “Requested” overdue by 2 days 2 hrs');
    expect(describeAlarm('in_transfer', '2024-01-05T01:00:00Z', now, 'ru')).toBe('этап «В пути» просрочен на 1 ч');
  });
});

describe('history', () => {
  it('names each audit action', () => {
    expect(describeHistoryAction('case-add', 'en')).toBe('Request recorded');
    expect(describeHistoryAction('case-claim', 'ko')).toBe('대기열에서 맡음');
    expect(describeHistoryAction('case-move-verified', 'en')).toBe('Moved to “Verified”');
    expect(describeHistoryAction('case-move-in_transfer', 'ru')).toBe('Переведено на этап «В пути»');
    expect(describeHistoryAction('case-referral-accepted', 'en')).toBe('Referral marked “Accepted”');
    expect(describeHistoryAction('case-referral-override', 'en')).toBe('Referred without consent');
    expect(describeHistoryAction('case-something-new', 'en')).toBe('case-something-new');
  });

  it('puts the casebook’s details into words, leaving unknown parts as written', () => {
    expect(describeHistoryDetail("requested -> verified; assignee 'mina' -> ''", 'en')).toBe('Requested → Verified; caseworker: mina → nobody');
    expect(describeHistoryDetail("assignee '' -> 'mina'", 'ko')).toBe('담당자: 없음 → mina');
    expect(describeHistoryDetail('tier immediate: threatened; no passport', 'en')).toBe('tier “Immediate danger”: threatened; no passport');
    expect(describeHistoryDetail('claim by mina not acted on in time', 'ru')).toBe('mina не занялся обращением вовремя');
    expect(describeHistoryDetail('', 'en')).toBe('');
    expect(describeHistoryDetail('left -> right', 'en')).toBe('left -> right');
  });
});

describe('rights', () => {
  it('follows the access policy', () => {
    expect(caseRights('caseworker')).toEqual({ read: true, claim: true, lead: false });
    expect(caseRights('administrator')).toEqual({ read: true, claim: false, lead: true });
    for (const role of ['documenter', 'analyst', 'viewer', 'source_handler', undefined]) {
      expect(caseRights(role).read, String(role)).toBe(false);
    }
  });

  it('lets the assigned caseworker or a lead act on a case', () => {
    const cw = caseRights('caseworker');
    expect(servesOrLeads(cw, 'mina', 'mina')).toBe(true);
    expect(servesOrLeads(cw, 'mina', 'jun')).toBe(false);
    expect(servesOrLeads(cw, '', '')).toBe(false);
    expect(servesOrLeads(caseRights('administrator'), 'root', 'jun')).toBe(true);
  });

  it('finds a linked record’s kind from its id', () => {
    expect(linkKind('evt-group-defection-st-petersburg')).toBe('event');
    expect(linkKind('plc-st-petersburg')).toBe('place');
    expect(linkKind('rpt-dailynk-2016-10')).toBe('report');
    expect(linkKind('zzz-1')).toBeNull();
  });
});
