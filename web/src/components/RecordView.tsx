import { useEffect, useState } from 'preact/hooks';
import { type AuditEntry, type Claim, type Corroboration, type Kind, type RecordDetail, api, recordLabel } from '../lib/api';
import { invalidate, useRecords } from '../lib/cache';
import { useApp, vocabLabel } from '../lib/context';
import { formatCount, formatNumber, formatTimestamp } from '../lib/format';
import type { Key } from '../lib/i18n';
import { describeCorroboration, isReviewKind, recordRights } from '../lib/review';
import { href, navigate } from '../lib/router';
import { type FieldSpec, SPECS } from '../lib/specs';
import { CountText, EdtfText, ErrorBox, Field, Loading, RecordLink, RefSelect } from './widgets';

// Claim lists are shown once, grouped by attribute, in the claims section.
const CLAIM_TYPES = ['dates', 'places', 'counts'];

function FieldValue(props: { spec: FieldSpec; value: any }) {
  const app = useApp();
  const { t, lang } = app;
  const { spec, value } = props;
  switch (spec.type) {
    case 'enum':
      return <>{t(`enum.${spec.group}.${value}` as Key)}</>;
    case 'ref':
      return <RecordLink kind={spec.ref!} id={value} />;
    case 'act_type':
      return <>{vocabLabel(app, 'act_types', value)}</>;
    case 'post_role':
      return <>{vocabLabel(app, 'post_roles', value)}</>;
    case 'edtf':
      return <EdtfText value={value} />;
    case 'bool':
      return <>{value ? t('common.yes') : t('common.no')}</>;
    case 'int':
    case 'number':
      return <>{formatNumber(value, lang)}</>;
    case 'textarea':
      return <div class="prose">{value}</div>;
    case 'reports':
      return (
        <ul class="plain">
          {(value as string[]).map((r) => (
            <li>
              <RecordLink kind="report" id={r} />
            </li>
          ))}
        </ul>
      );
    case 'dates':
      return (
        <ul class="plain">
          {(value as any[]).map((c) => (
            <li>
              <EdtfText value={c.edtf} /> <span class="muted">·</span> <RecordLink kind="report" id={c.report} />
            </li>
          ))}
        </ul>
      );
    case 'places':
      return (
        <ul class="plain">
          {(value as any[]).map((c) => (
            <li>
              <RecordLink kind="place" id={c.place} /> <span class="muted">·</span> <RecordLink kind="report" id={c.report} />
            </li>
          ))}
        </ul>
      );
    case 'counts':
      return (
        <ul class="plain">
          {(value as any[]).map((c) => (
            <li>
              <CountText value={c} /> <span class="muted">·</span> <RecordLink kind="report" id={c.report} />
            </li>
          ))}
        </ul>
      );
    case 'names':
      return (
        <ul class="plain names">
          {(value as any[]).map((n) => (
            <li>
              <span lang={n.language}>{n.text}</span> <code>{n.language}</code>
            </li>
          ))}
        </ul>
      );
    case 'related':
      return (
        <ul class="plain">
          {(value as any[]).map((r) => (
            <li>
              {t(`enum.relation.${r.relation}` as Key)}: <RecordLink kind="event" id={r.event} />
            </li>
          ))}
        </ul>
      );
    default:
      return <>{String(value)}</>;
  }
}

/** The claims the record itself carries, one per report, when the API sends none. */
function claimsOf(record: any): Claim[] {
  const out: Claim[] = [];
  for (const c of record.dates ?? []) out.push({ attribute: 'dates', report: c.report, value: c.edtf });
  for (const c of record.birth_dates ?? []) out.push({ attribute: 'birth_dates', report: c.report, value: c.edtf });
  for (const c of record.places ?? []) out.push({ attribute: 'places', report: c.report, value: c.place });
  for (const c of record.victim_counts ?? []) out.push({ attribute: 'victim_counts', report: c.report, value: c });
  for (const c of record.counts ?? []) out.push({ attribute: 'counts', report: c.report, value: c });
  for (const n of record.names ?? []) for (const r of n.reports ?? []) out.push({ attribute: 'names', report: r, value: n.text });
  return out;
}

function attributeLabel(t: (k: Key) => string, attribute: string): string {
  const key = `field.${attribute}` as Key;
  const s = t(key);
  return s === key ? attribute : s;
}

function ClaimValue(props: { attribute: string; value: any }) {
  const { attribute, value } = props;
  if (value && typeof value === 'object' && 'min' in value) return <CountText value={value} />;
  if (value && typeof value === 'object' && 'edtf' in value) return <EdtfText value={value.edtf} />;
  if (value && typeof value === 'object' && 'place' in value) return <RecordLink kind="place" id={value.place} />;
  if (attribute.includes('date') || attribute === 'start' || attribute === 'end') return <EdtfText value={String(value)} />;
  if (attribute === 'places' || attribute === 'place') return <RecordLink kind="place" id={String(value)} />;
  return <>{typeof value === 'string' ? value : JSON.stringify(value)}</>;
}

function Claims(props: { detail: RecordDetail }) {
  const { t, lang } = useApp();
  // Claims read from the record keep their structure (counts are formatted in
  // the reader's language); the server's list adds any other attribute.
  const own = claimsOf(props.detail.record);
  const ownAttributes = new Set(own.map((c) => c.attribute));
  const claims = [...own, ...(props.detail.claims ?? []).filter((c) => !ownAttributes.has(c.attribute))];
  if (!claims.length && !props.detail.consolidated?.length) return null;
  const attributes = [...new Set(claims.map((c) => c.attribute))];
  const reportTitle = (id: string) => props.detail.reports.find((r) => r.id === id)?.title;
  return (
    <section aria-labelledby="claims-h">
      <h2 id="claims-h">{t('record.claims')}</h2>
      {attributes.map((attribute) => {
        const rows = claims.filter((c) => c.attribute === attribute);
        const distinct = new Set(rows.map((c) => JSON.stringify(typeof c.value === 'object' ? { ...c.value, report: undefined, words: undefined } : c.value)));
        const disagree = distinct.size > 1;
        const consolidated = props.detail.consolidated?.find((c) => c.attribute === attribute);
        return (
          <div class={`claims ${disagree ? 'disagree' : ''}`} data-attribute={attribute}>
            <h3>
              {attributeLabel(t, attribute)}
              {disagree && <span class="badge warn">{t('record.disagree')}</span>}
            </h3>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('field.report')}</th>
                  <th scope="col">{t('record.claim')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((c) => (
                  <tr>
                    <td>
                      <a href={href(['r', 'report', c.report])}>{reportTitle(c.report) ?? c.report}</a>
                    </td>
                    <td>
                      <ClaimValue attribute={attribute} value={c.value} />
                    </td>
                  </tr>
                ))}
                {consolidated && (
                  <tr class="consolidated">
                    <th scope="row">{t('record.consolidated')}</th>
                    <td>
                      {formatCount(consolidated, lang, false)}
                      {consolidated.conflicting && <span class="badge warn">{t('count.conflicting')}</span>}
                    </td>
                  </tr>
                )}
              </tbody>
            </table>
          </div>
        );
      })}
    </section>
  );
}

/** Who did what to the record and when, from the audit log (GET /api/audit?record=). */
function History(props: { id: string }) {
  const { t, lang } = useApp();
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    setEntries(null);
    setError(null);
    api.recordHistory(props.id).then((h) => setEntries(h.items), setError);
  }, [props.id]);
  if (error) return <ErrorBox error={error} />;
  if (!entries) return <Loading />;
  const actionLabel = (action: string) => {
    const key = `audit.${action}` as Key;
    const s = t(key);
    return s === key ? action : s;
  };
  return (
    <section aria-labelledby="history-h" class="history">
      <h2 id="history-h">{t('record.history')}</h2>
      <p class="muted small">{t('record.historyIntro')}</p>
      {entries.length === 0 && <p class="muted">{t('record.historyEmpty')}</p>}
      {entries.length > 0 && (
        <table class="data history-table">
          <thead>
            <tr>
              <th scope="col">{t('record.historyWhen')}</th>
              <th scope="col">{t('record.historyWho')}</th>
              <th scope="col">{t('record.historyWhat')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr data-action={e.action}>
                <td>{formatTimestamp(e.time, lang)}</td>
                <td>{e.actor}</td>
                <td>{actionLabel(e.action)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** How many independent sources stand behind an event or act, and the grade that follows. */
function CorroborationBlock(props: { c: Corroboration }) {
  const { t, lang } = useApp();
  const { c } = props;
  return (
    <section aria-labelledby="corroboration-h" class="corroboration" data-credibility={c.credibility}>
      <h2 id="corroboration-h">{t('record.corroboration')}</h2>
      <p class="grade-line">
        <span class="grade" title={t('record.corroborationGrade')}>
          {c.credibility}
        </span>{' '}
        <strong data-testid="corroboration-reason">{describeCorroboration(t, c)}</strong>
      </p>
      <dl class="counts">
        <dt>{t('record.corroborationSources')}</dt>
        <dd>{formatNumber(c.independent_sources, lang)}</dd>
        <dt>{t('record.corroborationFirstHand')}</dt>
        <dd>{formatNumber(c.first_hand_sources, lang)}</dd>
        <dt>{t('record.corroborationReports')}</dt>
        <dd>{formatNumber(c.reports, lang)}</dd>
      </dl>
      <p class="muted small">{t('record.corroborationNote')}</p>
    </section>
  );
}

/** Merges another record of the same kind into this one (POST /api/merges); Review can undo it. */
function MergeWith(props: { kind: Kind; id: string; label: string; onMerged: () => void }) {
  const { t, lang } = useApp();
  const [other, setOther] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const list = useRecords(props.kind);
  async function submit(e: Event) {
    e.preventDefault();
    if (!other) return;
    const otherLabel = recordLabel(list?.find((x) => x.id === other), lang) || other;
    if (!confirm(t('review.confirmAsk', { left: props.label, right: otherLabel }))) return;
    setBusy(true);
    setError(null);
    try {
      await api.merge(props.id, other);
      invalidate(props.kind);
      setOther('');
      props.onMerged();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <details class="merge-with-box">
      <summary>{t('record.mergeWith')}</summary>
      <form class="merge-with" onSubmit={submit}>
        <p class="muted small">{t('record.mergeHelp')}</p>
        <Field label={t('record.mergeOther')}>{(id) => <RefSelect id={id} kind={props.kind} value={other} onChange={setOther} exclude={props.id} />}</Field>
        <ErrorBox error={error} />
        <button type="submit" class="secondary" disabled={busy || !other}>
          {t('record.mergeSubmit')}
        </button>
      </form>
    </details>
  );
}

/** The heading of a record page: acts and involvements have no title of their own. */
function heading(app: ReturnType<typeof useApp>, r: any): string {
  if (r.kind === 'act' && r.type) return vocabLabel(app, 'act_types', r.type);
  if (r.kind === 'involvement') {
    const role = app.t(`enum.role.${r.role}` as Key);
    return r.unnamed_party ? `${role}: ${r.unnamed_party}` : role;
  }
  return recordLabel(r, app.lang);
}

export function RecordView(props: { kind: Kind; id: string; saved?: boolean }) {
  const app = useApp();
  const { t, lang } = app;
  const [detail, setDetail] = useState<RecordDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [merged, setMerged] = useState(false);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    setError(null);
    api.get(props.kind, props.id).then(setDetail, setError);
  }, [props.kind, props.id, version]);

  if (error) return <ErrorBox error={error} />;
  if (!detail) return <Loading />;
  const r = detail.record;
  const kind = props.kind;
  const isReport = kind === 'report';
  const files = detail.referenced_by.filter((x) => x.kind === 'file');
  const others = detail.referenced_by.filter((x) => !(isReport && x.kind === 'file'));

  async function remove() {
    if (!confirm(t('common.confirmDelete'))) return;
    try {
      await api.remove(kind, props.id);
      invalidate(kind);
      navigate(isReport ? ['reports'] : ['records', kind]);
    } catch (e) {
      setError(e);
    }
  }

  return (
    <article class="record" data-kind={kind} data-id={r.id}>
      {props.saved && (
        <p class="notice" role="status">
          {t('common.saved')}
        </p>
      )}
      {merged && (
        <p class="notice" role="status" data-testid="merged-notice">
          {t('record.merged')} <a href={href(['review'], { kind })}>{t('nav.review')}</a>
        </p>
      )}
      <p class="eyebrow">
        {t(`kind.${kind}` as Key)} · <code>{r.id}</code>
      </p>
      <h1>{heading(app, r)}</h1>
      <div class="actions">
        <a class="button secondary" href={href(['r', kind, r.id, 'edit'])}>
          {t('common.edit')}
        </a>
        {isReport && (
          <a class="button primary" href={href(['new', 'event'], { report: r.id })}>
            {t('report.codeEvent')}
          </a>
        )}
        {kind === 'event' && (
          <a class="button secondary" href={href(['new', 'act'], { event: r.id, report: r.reports?.[0] })}>
            {t('record.addAct')}
          </a>
        )}
        {kind === 'act' && (
          <a class="button secondary" href={href(['new', 'involvement'], { act: r.id, report: r.reports?.[0] })}>
            {t('record.addInvolvement')}
          </a>
        )}
        {kind === 'organization' && (
          <>
            <a class="button secondary" href={href(['new', 'post'], { organization: r.id })}>
              {t('record.addPost')}
            </a>
            <a class="button secondary" href={href(['chain'], { org: r.id })}>
              {t('record.showChain')}
            </a>
          </>
        )}
        {kind === 'post' && (
          <a class="button secondary" href={href(['new', 'membership'], { post: r.id, organization: r.organization })}>
            {t('record.addMembership')}
          </a>
        )}
        <button type="button" class="secondary danger" onClick={remove}>
          {t('common.delete')}
        </button>
      </div>

      {r.sealed && (
        <p class="notice sealed" role="note" data-sealed={r.sealed.compartment}>
          {t('record.sealed', { compartment: t(`compartment.${r.sealed.compartment}` as Key) })}{' '}
          {app.user?.compartments?.includes(r.sealed.compartment) && t('record.sealedWaiting')}
        </p>
      )}
      {kind === 'source' && r.identity && (
        <section aria-labelledby="identity-h" class="identity">
          <h2 id="identity-h">{t('record.identity')}</h2>
          <dl>
            {(['name', 'contact', 'notes'] as const).map(
              (f) =>
                r.identity[f] && (
                  <>
                    <dt>{t(`field.identity_${f}` as Key)}</dt>
                    <dd>{r.identity[f]}</dd>
                  </>
                ),
            )}
          </dl>
          <p class="muted small">{t('record.identityNote')}</p>
        </section>
      )}

      <div class="record-grid">
        <div>
          {isReport && r.text && (
            <section aria-labelledby="text-h">
              <h2 id="text-h">{t('field.text')}</h2>
              <div class="prose report-text" lang={r.language || undefined}>
                {r.text}
              </div>
            </section>
          )}
          <section aria-labelledby="fields-h">
            <h2 id="fields-h">{t('record.fields')}</h2>
            <dl class="fields">
              {SPECS[kind]
                .filter((s) => !(isReport && s.name === 'text') && s.name !== 'title' && !CLAIM_TYPES.includes(s.type))
                .filter((s) => {
                  const v = r[s.name];
                  return v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && !v.length);
                })
                .map((s) => (
                  <>
                    <dt>{t(s.label)}</dt>
                    <dd>
                      <FieldValue spec={s} value={r[s.name]} />
                    </dd>
                  </>
                ))}
              {r.received_at && (
                <>
                  <dt>{t('field.received_at')}</dt>
                  <dd>{formatTimestamp(r.received_at, lang)}</dd>
                </>
              )}
            </dl>
          </section>
          <Claims detail={detail} />
          <History id={r.id} />
        </div>
        <aside>
          {detail.corroboration && <CorroborationBlock c={detail.corroboration} />}
          {!isReport && (
            <section aria-labelledby="reports-h">
              <h2 id="reports-h">{t('record.reports')}</h2>
              {detail.reports.length === 0 && <p class="muted">{t('record.noReports')}</p>}
              <ul class="cards">
                {detail.reports.map((rep) => (
                  <li>
                    <a href={href(['r', 'report', rep.id])}>{rep.title}</a>
                    <div class="muted small">
                      {rep.source_pseudonym && <span>{t('reports.source', { source: rep.source_pseudonym })} </span>}
                      {rep.source_reliability && <span class="grade">{rep.source_reliability}</span>}
                      {rep.credibility && <span class="grade">{rep.credibility}</span>}
                    </div>
                  </li>
                ))}
              </ul>
            </section>
          )}
          {isReport && files.length > 0 && (
            <section aria-labelledby="files-h">
              <h2 id="files-h">{t('report.files')}</h2>
              <ul class="plain">
                {files.map((f) => (
                  <li>
                    <a href={href(['r', 'file', f.id])}>{f.label}</a>
                  </li>
                ))}
              </ul>
            </section>
          )}
          {others.length > 0 && (
            <section aria-labelledby="refs-h">
              <h2 id="refs-h">{isReport ? t('report.coded') : t('record.referencedBy')}</h2>
              <ul class="plain">
                {others.map((x) => (
                  <li>
                    <span class="muted small">{t(`kind.${x.kind}` as Key)}</span> <a href={href(['r', x.kind, x.id])}>{x.label || x.id}</a>
                  </li>
                ))}
              </ul>
            </section>
          )}
          {isReviewKind(kind) && recordRights(app.user?.role).write && (
            <MergeWith
              kind={kind}
              id={r.id}
              label={heading(app, r)}
              onMerged={() => {
                setMerged(true);
                setVersion((v) => v + 1);
              }}
            />
          )}
        </aside>
      </div>
    </article>
  );
}
