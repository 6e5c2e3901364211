// Link review (#6): the queue of pairs that linkage proposes as one person
// or one event, each with why (field by field, weights of evidence drawn as
// bars), Confirm (merge) and Reject for roles that change records, "Find
// matches" to run linkage again, and the merges with Unmerge.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, type FieldAgreement, type LinkProposal, type Merge, type ProposeSummary, type ReviewKind, api } from '../lib/api';
import { invalidate } from '../lib/cache';
import { useApp } from '../lib/context';
import { formatNumber, formatTimestamp } from '../lib/format';
import { type Key, type Lang, localeOf } from '../lib/i18n';
import { REVIEW_KINDS, fieldLabel, isReviewKind, levelLabel, recordRights, weightBar, weightScale } from '../lib/review';
import { href } from '../lib/router';
import { ErrorBox, Loading, RecordLink } from '../components/widgets';

function percent(p: number, lang: Lang): string {
  return new Intl.NumberFormat(localeOf(lang), { style: 'percent', maximumFractionDigits: 1 }).format(p);
}

/** The probability that a pair is one record, as a bar and a number. */
function ProbabilityBar(props: { p: number }) {
  const { t, lang } = useApp();
  const text = percent(props.p, lang);
  return (
    <div class="probability" data-testid="probability">
      <span class="muted small">{t('review.probability')}</span>
      <span class="prob-bar" role="img" aria-label={`${t('review.probability')}: ${text}`}>
        <span style={{ width: `${Math.max(0, Math.min(1, props.p)) * 100}%` }} />
      </span>
      <strong>{text}</strong>
    </div>
  );
}

/** Each field's level and weight: green to the right for one record, red to the left against. */
function WhyTable(props: { fields: FieldAgreement[]; scale: number }) {
  const { t, lang } = useApp();
  const signed = (w: number) => `${w > 0 ? '+' : ''}${new Intl.NumberFormat(localeOf(lang), { maximumFractionDigits: 1 }).format(w)}`;
  return (
    <table class="why">
      <caption class="visually-hidden">{t('review.why')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('review.field')}</th>
          <th scope="col">{t('review.level')}</th>
          <th scope="col" colSpan={2}>
            {t('review.weight')}
          </th>
        </tr>
      </thead>
      <tbody>
        {props.fields.map((f) => {
          const bar = weightBar(f.weight, props.scale);
          const field = fieldLabel(t, f.field);
          const level = levelLabel(t, f.level);
          return (
            <tr data-field={f.field} data-stance={bar.stance}>
              <th scope="row">{field}</th>
              <td class="level">{level}</td>
              <td class="weight-cell">
                <span class="weight-bar" role="img" aria-label={t('review.weightBar', { field, level, weight: signed(f.weight) })}>
                  <span class="half against">{bar.stance === 'against' && <span style={{ width: `${bar.percent}%` }} />}</span>
                  <span class="half for">{bar.stance === 'for' && <span style={{ width: `${bar.percent}%` }} />}</span>
                </span>
              </td>
              <td class={`weight-num ${bar.stance}`}>{signed(f.weight)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function ProposalCard(props: {
  p: LinkProposal;
  scale: number;
  canDecide: boolean;
  busy: boolean;
  onConfirm: (p: LinkProposal) => void;
  onReject: (p: LinkProposal) => void;
}) {
  const { t } = useApp();
  const { p } = props;
  const side = (label: string, id: string, role: Key) => (
    <div class="side">
      <span class="muted small">{t(role)}</span>
      <a href={href(['r', p.kind, id])} class="label">
        {label || id}
      </a>
      <code>{id}</code>
    </div>
  );
  return (
    <li class="proposal" data-id={p.id} data-left={p.left} data-right={p.right}>
      <div class="pair">
        {side(p.left_label, p.left, 'review.keeps')}
        <span class="arrow" aria-hidden="true">
          ⟵
        </span>
        {side(p.right_label, p.right, 'review.mergedInto')}
      </div>
      <ProbabilityBar p={p.probability} />
      <WhyTable fields={p.fields} scale={props.scale} />
      {props.canDecide && (
        <div class="actions">
          <button type="button" class="primary" disabled={props.busy} onClick={() => props.onConfirm(p)}>
            {t('review.confirm')}
          </button>
          <button type="button" class="secondary danger" disabled={props.busy} onClick={() => props.onReject(p)}>
            {t('review.reject')}
          </button>
        </div>
      )}
    </li>
  );
}

function MergeRow(props: { m: Merge; canUndo: boolean; busy: boolean; onUnmerge: (m: Merge) => void }) {
  const { t, lang } = useApp();
  const { m } = props;
  return (
    <tr data-id={m.id} data-undone={m.undone ? 'true' : 'false'}>
      <td>
        <RecordLink kind={m.kind} id={m.kept} />
      </td>
      <td>
        {/* The merged record exists again only once the merge is undone. */}
        {m.undone ? <RecordLink kind={m.kind} id={m.merged} /> : <code>{m.merged}</code>}
      </td>
      <td>
        {m.by}
        <div class="muted small">{m.proposal ? t('review.fromProposal') : t('review.byHand')}</div>
      </td>
      <td>{formatTimestamp(m.at, lang)}</td>
      <td>
        {m.undone ? (
          <span class="muted">{t('review.undone', { name: m.undone_by, at: m.undone_at ? formatTimestamp(m.undone_at, lang) : '' })}</span>
        ) : (
          <span class="tag">{t('review.inForce')}</span>
        )}
        {m.referrers.length > 0 && <div class="muted small">{t('review.referrers', { count: formatNumber(m.referrers.length, lang) })}</div>}
      </td>
      <td>
        {props.canUndo && !m.undone && (
          <button type="button" class="secondary danger" disabled={props.busy} onClick={() => props.onUnmerge(m)}>
            {t('review.unmerge')}
          </button>
        )}
      </td>
    </tr>
  );
}

/** A refusal (409: decided already, or an unmerge that would lose a later change) in the server's words. */
function ReviewError(props: { error: unknown }) {
  const { t } = useApp();
  if (props.error instanceof ApiError && props.error.status === 409) {
    return (
      <p class="error" role="alert" data-testid="review-error">
        {t('review.refused', { message: props.error.message })}
      </p>
    );
  }
  return <ErrorBox error={props.error} />;
}

function SummaryText(props: { s: ProposeSummary }) {
  const { t, lang } = useApp();
  const n = (x: number) => formatNumber(x, lang);
  const { s } = props;
  return (
    <>
      {t('review.found', {
        compared: n(s.compared),
        skipped: n(s.skipped),
        links: n(s.links),
        added: n(s.added),
        updated: n(s.updated),
        decided: n(s.already_decided),
      })}{' '}
      <span class="muted">{s.estimated ? t('review.estimated') : t('review.prior')}</span>
    </>
  );
}

export function Review(props: { query: URLSearchParams }) {
  const { t, lang, user } = useApp();
  const rights = recordRights(user?.role);
  const queryKind = props.query.get('kind');
  const kind: ReviewKind = isReviewKind(queryKind) ? queryKind : 'person';
  const [proposals, setProposals] = useState<LinkProposal[] | null>(null);
  const [merges, setMerges] = useState<Merge[] | null>(null);
  const [summary, setSummary] = useState<ProposeSummary | null>(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  const [finding, setFinding] = useState(false);
  const [error, setError] = useState<unknown>(null);

  function load() {
    return Promise.all([api.linkProposals(kind), api.merges()]).then(([p, m]) => {
      setProposals(p.items);
      setMerges(m.items.filter((x) => x.kind === kind));
    }, setError);
  }
  useEffect(() => {
    setProposals(null);
    setMerges(null);
    setSummary(null);
    setNotice('');
    setError(null);
    load();
  }, [kind]);

  // Runs one state-changing call: the server's message on failure, the
  // queue and the merges reloaded either way (a 409 means they moved on).
  async function act(run: () => Promise<string>) {
    setBusy(true);
    setError(null);
    setNotice('');
    try {
      setNotice(await run());
    } catch (e) {
      setError(e);
    } finally {
      await load();
      setBusy(false);
    }
  }

  async function findMatches() {
    setFinding(true);
    setError(null);
    setNotice('');
    setSummary(null);
    try {
      setSummary(await api.findLinks(kind));
      await load();
    } catch (e) {
      setError(e);
    } finally {
      setFinding(false);
    }
  }

  const names = (p: LinkProposal) => ({ left: p.left_label || p.left, right: p.right_label || p.right });
  function confirmPair(p: LinkProposal) {
    if (!confirm(t('review.confirmAsk', names(p)))) return;
    act(async () => {
      await api.confirmProposal(p.id);
      invalidate(p.kind);
      return t('review.confirmed', names(p));
    });
  }
  function rejectPair(p: LinkProposal) {
    act(async () => {
      await api.rejectProposal(p.id);
      return t('review.rejected', names(p));
    });
  }
  function unmerge(m: Merge) {
    if (!confirm(t('review.unmergeAsk'))) return;
    act(async () => {
      await api.unmerge(m.id);
      invalidate(m.kind);
      return t('review.unmerged', { merged: m.merged });
    });
  }

  const scale = weightScale((proposals ?? []).map((p) => p.fields));
  return (
    <section aria-labelledby="review-h" class="review" data-kind={kind}>
      <div class="page-head">
        <h1 id="review-h">{t('review.title')}</h1>
        {rights.write && (
          <div class="actions">
            <button type="button" class="primary" onClick={findMatches} disabled={finding || busy}>
              {finding ? t('review.finding') : t('review.find')}
            </button>
          </div>
        )}
      </div>
      <p class="muted">{t('review.intro')}</p>
      <nav class="tabs" aria-label={t('review.kind')}>
        {REVIEW_KINDS.map((k) => (
          <a href={href(['review'], { kind: k })} aria-current={k === kind ? 'page' : undefined} data-kind={k}>
            {t(`kinds.${k}` as Key)}
          </a>
        ))}
      </nav>
      {!rights.write && <p class="notice">{t('review.readOnly')}</p>}
      {summary && (
        <p class="notice" role="status" data-testid="find-summary">
          <SummaryText s={summary} />
        </p>
      )}
      {notice && (
        <p class="notice" role="status" data-testid="review-notice">
          {notice}
        </p>
      )}
      <ReviewError error={error} />

      <section aria-labelledby="queue-h">
        <h2 id="queue-h">
          {t('review.queue')} {proposals && <span class="count-pill">{formatNumber(proposals.length, lang)}</span>}
        </h2>
        <p class="muted small">{t('review.queueIntro')}</p>
        {!proposals && !error && <Loading />}
        {proposals && proposals.length === 0 && <p class="muted" data-testid="queue-empty">{t('review.queueEmpty')}</p>}
        <ol class="proposals">
          {(proposals ?? []).map((p) => (
            <ProposalCard p={p} scale={scale} canDecide={rights.write} busy={busy} onConfirm={confirmPair} onReject={rejectPair} />
          ))}
        </ol>
      </section>

      <section aria-labelledby="merges-h">
        <h2 id="merges-h">{t('review.merges')}</h2>
        <p class="muted small">{t('review.mergesIntro')}</p>
        {merges && merges.length === 0 && <p class="muted">{t('review.mergesEmpty')}</p>}
        {merges && merges.length > 0 && (
          <table class="data merges">
            <thead>
              <tr>
                <th scope="col">{t('review.mergeKept')}</th>
                <th scope="col">{t('review.mergeMerged')}</th>
                <th scope="col">{t('review.mergeBy')}</th>
                <th scope="col">{t('review.mergeAt')}</th>
                <th scope="col">{t('review.mergeState')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t('review.unmerge')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {merges.map((m) => (
                <MergeRow m={m} canUndo={rights.write} busy={busy} onUnmerge={unmerge} />
              ))}
            </tbody>
          </table>
        )}
      </section>
    </section>
  );
}
