// The HTTP JSON API of `chorus serve` (see the contract in docs): session
// cookie plus an X-CSRF-Token header on every state-changing request.

export const KINDS = [
  'source',
  'report',
  'file',
  'event',
  'act',
  'involvement',
  'person',
  'organization',
  'post',
  'membership',
  'place',
] as const;
export type Kind = (typeof KINDS)[number];

export type Rec = { kind: Kind; id: string } & Record<string, any>;

export interface User {
  name: string;
  role: string;
  /** Compartments the role holds, and those whose keys this session opened. */
  compartments?: string[];
  compartments_open?: string[];
}

export interface Session {
  user: User;
  csrf_token: string;
}

export interface ListPage {
  items: Rec[];
  next_cursor: string | null;
  total: number;
}

export interface ReportRef {
  id: string;
  title: string;
  source?: string;
  source_pseudonym?: string;
  source_reliability?: string;
  credibility?: number;
}

export interface Claim {
  attribute: string;
  report: string;
  value: any;
}

export interface Consolidated {
  attribute: string;
  min: number;
  max: number | null;
  best: number | null;
  unit: string;
  conflicting: boolean;
  claims: number;
}

export interface RecordDetail {
  record: Rec;
  reports: ReportRef[];
  claims: Claim[];
  consolidated: Consolidated[];
  referenced_by: { id: string; kind: Kind; label: string }[];
  /** Events and acts only. */
  corroboration?: Corroboration;
}

export interface SearchResult {
  query: string;
  hits: { id: string; kind: Kind; label: string; score: number }[];
  facets: Record<string, Record<string, number>>;
}

export interface ChainPost {
  post: string;
  label: string;
  role: string;
  rank: number;
  unit?: string | null;
  unit_name?: string | null;
  holders: { person: string; label: string; membership: string }[];
  vacant: boolean;
  reports?: unknown[];
}

export interface Chain {
  organization: string;
  name: string;
  at: string;
  superiors: { id: string; name: string }[];
  posts: ChainPost[];
}

export interface VocabEntry {
  code: string;
  group?: string;
  en: string;
  ko: string;
  ru: string;
}

export interface Vocabulary {
  act_types: VocabEntry[];
  post_roles: VocabEntry[];
}

export interface TimelineEvent {
  id: string;
  title: string;
  start: string | null;
  end: string | null;
  edtf: string;
  place_ids: string[];
}

// Casework (#5): the queue, the board and one case. Summaries carry no
// sealed particulars; the full case does, and reading it is audited.
export interface CaseSummary {
  id: string;
  tier: string;
  tier_reason: string;
  requested_at: string;
  stage: string;
  stage_since: string;
  close_reason: string | null;
  assignee: string;
  claimed_at: string | null;
  consent_to_share: boolean;
  referrals: number;
}

export interface QueueItem extends CaseSummary {
  position: number;
  reason: string;
}

export interface CaseAlarm extends CaseSummary {
  due: string;
  alarm: string;
}

export interface CaseReferral {
  id: string;
  partner: string;
  state: string;
  updated: string;
  consent_override_reason: string;
}

export interface AllowedMove {
  to: string;
  requires: string;
  needs_note: boolean;
  needs_close_reason: boolean;
}

export interface CaseDetail extends Omit<CaseSummary, 'referrals'> {
  person: string;
  requester_name: string;
  contact: string;
  location: string;
  /** Present instead of the three above for a reader without the requesters key. */
  sealed_requester?: { compartment: string; key: string; box: string };
  referrals: CaseReferral[];
  notes: { at: string; author: string; text: string }[];
  stages: { at: string; by: string; from: string; to: string; note: string }[];
  links: string[];
  allowed_moves: AllowedMove[];
}

export interface NewCaseRequest {
  tier: string;
  reason: string;
  requested_at?: string;
  person?: string;
  requester_name?: string;
  contact?: string;
  location?: string;
  links?: string[];
}

export interface HistoryEntry {
  sequence: number;
  at: string;
  actor: string;
  action: string;
  detail: string;
}

/** One audit log entry as GET /api/audit returns it (records/audit.h). */
export interface AuditEntry {
  sequence: number;
  time: string;
  actor: string;
  action: string;
  kind: string;
  record: string;
  detail: string;
}

export interface CasePosition {
  id: string;
  stage: string;
  position: number;
  expected_wait_seconds: number | null;
}

// Link review (#6): linkage proposes pairs of persons or events that are
// probably one record; a documenter confirms (merges right into left),
// rejects, or merges and unmerges by hand. A proposal carries why, field by
// field, never the values compared (they may be sealed).
export type ReviewKind = 'person' | 'event';
export type ProposalStatus = 'pending' | 'confirmed' | 'rejected';

export interface FieldAgreement {
  field: string;
  /** The comparison level: "exact", "one typo", "missing", "else" ... */
  level: string;
  /** log2 Bayes factor: above 0 speaks for one record, below 0 against. */
  weight: number;
}

export interface LinkProposal {
  id: string;
  kind: ReviewKind;
  left: string;
  right: string;
  left_label: string;
  right_label: string;
  probability: number;
  fields: FieldAgreement[];
  status: ProposalStatus;
  proposed_at: string;
  decided_by: string;
  decided_at: string | null;
  merge: string;
}

export interface ProposeSummary {
  kind: ReviewKind;
  compared: number;
  skipped: number;
  estimated: boolean;
  links: number;
  added: number;
  updated: number;
  already_decided: number;
}

export interface Merge {
  id: string;
  kind: ReviewKind;
  kept: string;
  merged: string;
  proposal: string;
  by: string;
  at: string;
  undone: boolean;
  undone_by: string;
  undone_at: string | null;
  referrers: string[];
}

/** How many independent sources stand behind an event or act (docs/corroboration.md). */
export interface Corroboration {
  independent_sources: number;
  first_hand_sources: number;
  reports: number;
  weight: number;
  /** Admiralty information credibility, 1 (confirmed) to 6 (cannot be judged). */
  credibility: number;
  /** The same in English words, from the server. */
  reason: string;
}

export class ApiError extends Error {
  constructor(
    public status: number,
    public code: string,
    message: string,
  ) {
    super(message);
  }
}

let csrfToken = '';
let onUnauthorized: (() => void) | null = null;

export function setCsrfToken(token: string): void {
  csrfToken = token;
}
export function setUnauthorizedHandler(fn: () => void): void {
  onUnauthorized = fn;
}

async function request<T>(method: string, path: string, body?: unknown, quiet401 = false): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const res = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
  });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!res.ok) {
    if (res.status === 401 && !quiet401 && onUnauthorized) onUnauthorized();
    const err = json?.error;
    throw new ApiError(res.status, err?.code ?? String(res.status), err?.message ?? (text || res.statusText));
  }
  return json as T;
}

const plural = (kind: Kind) => `/api/${kind}s`;
const idUrl = (base: string, id: string, action: string) => `${base}/${encodeURIComponent(id)}/${action}`;
const caseUrl = (id: string, ...rest: string[]) => ['/api/cases', id, ...rest].map((p, i) => (i ? encodeURIComponent(p) : p)).join('/');

export const api = {
  login: (username: string, password: string) =>
    request<Session>('POST', '/api/login', { username, password }, true),
  logout: () => request<void>('POST', '/api/logout', {}),
  session: () => request<Session>('GET', '/api/session', undefined, true),

  list(kind: Kind, opts: { limit?: number; cursor?: string | null; q?: string } = {}) {
    const p = new URLSearchParams();
    p.set('limit', String(opts.limit ?? 50));
    if (opts.cursor) p.set('cursor', opts.cursor);
    if (opts.q) p.set('q', opts.q);
    return request<ListPage>('GET', `${plural(kind)}?${p}`);
  },
  get: (kind: Kind, id: string) => request<RecordDetail>('GET', `${plural(kind)}/${encodeURIComponent(id)}`),
  create: (kind: Kind, record: Rec) => request<{ record: Rec }>('POST', plural(kind), record),
  update: (kind: Kind, id: string, record: Rec) =>
    request<{ record: Rec }>('PUT', `${plural(kind)}/${encodeURIComponent(id)}`, record),
  remove: (kind: Kind, id: string) => request<void>('DELETE', `${plural(kind)}/${encodeURIComponent(id)}`),
  /** A record's history from the audit log, newest last. */
  recordHistory: (id: string) =>
    request<{ items: AuditEntry[] }>('GET', `/api/audit?${new URLSearchParams({ record: id, limit: '100' })}`),

  search(q: string, filters: Record<string, string> = {}, limit = 50) {
    const p = new URLSearchParams({ q, limit: String(limit) });
    for (const [k, v] of Object.entries(filters)) if (v) p.set(k, v);
    return request<SearchResult>('GET', `/api/search?${p}`);
  },
  chain: (org: string, at: string) =>
    request<Chain>('GET', `/api/chain?${new URLSearchParams({ org, at })}`),
  vocabulary: () => request<Vocabulary>('GET', '/api/vocabulary'),
  timeline: () => request<{ events: TimelineEvent[] }>('GET', '/api/timeline'),

  queue: (limit = 100) => request<{ waiting: number; items: QueueItem[] }>('GET', `/api/queue?limit=${limit}`),
  claimNext: () => request<CaseSummary>('POST', '/api/queue/claim', {}),
  alarms: () => request<{ items: CaseAlarm[] }>('GET', '/api/queue/alarms'),
  cases: () => request<{ items: CaseSummary[]; stage_counts: Record<string, number> }>('GET', '/api/cases'),
  addCase: (c: NewCaseRequest) => request<CaseSummary>('POST', '/api/cases', c),
  getCase: (id: string) => request<CaseDetail>('GET', caseUrl(id)),
  caseHistory: (id: string) => request<{ items: HistoryEntry[] }>('GET', caseUrl(id, 'history')),
  casePosition: (id: string) => request<CasePosition>('GET', caseUrl(id, 'position')),
  moveCase: (id: string, move: { to: string; note: string; close_reason?: string }) =>
    request<CaseDetail>('POST', caseUrl(id, 'moves'), move),
  releaseCase: (id: string, reason: string) => request<CaseDetail>('POST', caseUrl(id, 'release'), { reason }),
  assignCase: (id: string, to: string, reason: string) => request<CaseDetail>('POST', caseUrl(id, 'assign'), { to, reason }),
  addCaseNote: (id: string, text: string) => request<CaseDetail>('POST', caseUrl(id, 'notes'), { text }),
  setCaseConsent: (id: string, given: boolean, note: string) =>
    request<CaseDetail>('POST', caseUrl(id, 'consent'), { given, note }),
  referCase: (id: string, partner: string, overrideReason?: string) =>
    request<CaseDetail>('POST', caseUrl(id, 'referrals'), overrideReason ? { partner, override_reason: overrideReason } : { partner }),
  setReferralState: (id: string, referral: string, state: string) =>
    request<CaseDetail>('PUT', caseUrl(id, 'referrals', referral), { state }),
  linkCase: (id: string, record: string) => request<CaseDetail>('POST', caseUrl(id, 'links'), { record }),

  linkProposals: (kind: ReviewKind, status: ProposalStatus | 'all' = 'pending') =>
    request<{ items: LinkProposal[] }>('GET', `/api/link-proposals?${new URLSearchParams({ kind, status })}`),
  findLinks: (kind: ReviewKind, threshold?: number) =>
    request<ProposeSummary>('POST', '/api/link-proposals', threshold === undefined ? { kind } : { kind, threshold }),
  confirmProposal: (id: string) => request<Merge>('POST', idUrl('/api/link-proposals', id, 'confirm'), {}),
  rejectProposal: (id: string) => request<LinkProposal>('POST', idUrl('/api/link-proposals', id, 'reject'), {}),
  merges: () => request<{ items: Merge[] }>('GET', '/api/merges'),
  merge: (keep: string, other: string) => request<Merge>('POST', '/api/merges', { keep, other }),
  unmerge: (id: string) => request<Merge>('POST', idUrl('/api/merges', id, 'unmerge'), {}),
};

/** Every record of a kind (pages through the cursor; bounded). */
export async function listAll(kind: Kind, max = 2000): Promise<Rec[]> {
  const out: Rec[] = [];
  let cursor: string | null = null;
  do {
    const page: ListPage = await api.list(kind, { limit: 200, cursor });
    out.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor && out.length < max);
  return out;
}

/** A new record id from a title: "evt-group-defection-3f9a". */
export function newId(kind: Kind, title: string): string {
  const prefix: Record<Kind, string> = {
    source: 'src',
    report: 'rep',
    file: 'file',
    event: 'evt',
    act: 'act',
    involvement: 'inv',
    person: 'per',
    organization: 'org',
    post: 'post',
    membership: 'mem',
    place: 'pl',
  };
  const slug = title
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  const rand = Array.from(crypto.getRandomValues(new Uint8Array(3)), (b) => b.toString(16).padStart(2, '0')).join('');
  return [prefix[kind], slug, rand].filter(Boolean).join('-');
}

/** The label a person reads for a record: title, first name, pseudonym or label. */
export function recordLabel(r: Rec | undefined | null, preferLang?: string): string {
  if (!r) return '';
  if (r.title) return r.title;
  if (Array.isArray(r.names) && r.names.length) {
    const pref = preferLang ? r.names.find((n: any) => String(n.language).startsWith(preferLang)) : null;
    return (pref ?? r.names[0]).text;
  }
  if (r.pseudonym) return r.pseudonym;
  if (r.label) return r.label;
  if (r.name) return r.name;
  return r.id;
}
