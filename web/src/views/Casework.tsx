// The casework board (#5): overdue cases on top, the waiting queue in its
// designated order with the reason for each position, every case by stage,
// the "Next case" button for caseworkers, and the form for a new request.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, type CaseAlarm, type CaseSummary, type QueueItem, api } from '../lib/api';
import { STAGES, caseRights, describeAlarm, describePositionReason, formatDuration, groupByStage, localInputToIso, secondsSince } from '../lib/casework';
import { useApp } from '../lib/context';
import { formatNumber, formatTimestamp } from '../lib/format';
import type { Key } from '../lib/i18n';
import { href, navigate } from '../lib/router';
import { EnumSelect, ErrorBox, Field, Loading, RefSelect } from '../components/widgets';

// A column shows this many cards; the rest are counted.
const CARDS_PER_COLUMN = 40;

export function TierTag(props: { tier: string }) {
  const { t } = useApp();
  return <span class={`tag tier tier-${props.tier}`}>{t(`enum.case_tier.${props.tier}` as Key)}</span>;
}

/** What a caseworker sees when the page is not theirs to see. */
export function CaseworkForbidden() {
  const { t } = useApp();
  return (
    <p class="error" role="alert">
      {t('casework.forbidden')}
    </p>
  );
}

function CaseCard(props: { c: CaseSummary; now: Date; overdue: boolean }) {
  const { t, lang } = useApp();
  const { c, now } = props;
  const open = c.stage !== 'resettled' && c.stage !== 'closed';
  return (
    <li class={`case-card${props.overdue ? ' overdue' : ''}`} data-id={c.id}>
      <a href={href(['case', c.id])} class="case-id">
        <code>{c.id}</code>
      </a>
      <div class="meta">
        <TierTag tier={c.tier} />
        {props.overdue && <span class="badge alarm">{t('casework.overdue')}</span>}
      </div>
      <div class="muted small">
        {open
          ? t('casework.waiting', { duration: formatDuration(secondsSince(c.requested_at, now), lang) })
          : formatTimestamp(c.stage_since, lang)}
        {open && c.stage !== 'requested' && <> · {t('casework.inStage', { duration: formatDuration(secondsSince(c.stage_since, now), lang) })}</>}
      </div>
      {c.close_reason && <div class="small">{t(`enum.close_reason.${c.close_reason}` as Key)}</div>}
      <div class="small">{c.assignee ? t('casework.servedBy', { name: c.assignee }) : open ? <span class="muted">{t('casework.inQueue')}</span> : null}</div>
    </li>
  );
}

export function CaseworkBoard() {
  const { t, lang, user } = useApp();
  const rights = caseRights(user?.role);
  const [cases, setCases] = useState<{ items: CaseSummary[]; stage_counts: Record<string, number> } | null>(null);
  const [queue, setQueue] = useState<{ waiting: number; items: QueueItem[] } | null>(null);
  const [alarms, setAlarms] = useState<CaseAlarm[]>([]);
  const [now, setNow] = useState(() => new Date());
  const [mine, setMine] = useState(false);
  const [empty, setEmpty] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  function load() {
    setError(null);
    Promise.all([api.cases(), api.queue(50), api.alarms()]).then(([b, q, a]) => {
      setCases(b);
      setQueue(q);
      setAlarms(a.items);
      setNow(new Date());
    }, setError);
  }
  useEffect(() => {
    if (rights.read) load();
  }, [rights.read]);

  async function nextCase() {
    setBusy(true);
    setEmpty(false);
    setError(null);
    try {
      const c = await api.claimNext();
      navigate(['case', c.id], { done: 'claimed' });
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) {
        setEmpty(true);
        load();
      } else {
        setError(e);
      }
    } finally {
      setBusy(false);
    }
  }

  if (!rights.read) return <CaseworkForbidden />;
  const overdue = new Set(alarms.map((a) => a.id));
  const shown = (cases?.items ?? []).filter((c) => !mine || c.assignee === user?.name);
  const columns = groupByStage(shown);
  return (
    <section aria-labelledby="casework-h" class="casework">
      <div class="page-head">
        <h1 id="casework-h">{t('casework.title')}</h1>
        <div class="actions">
          {rights.claim && (
            <button type="button" class="primary" onClick={nextCase} disabled={busy}>
              {t('casework.next')}
            </button>
          )}
          <a class="button secondary" href={href(['casework', 'new'])}>
            {t('casework.newRequest')}
          </a>
          <button type="button" class="secondary" onClick={load}>
            {t('casework.refresh')}
          </button>
        </div>
      </div>
      <p class="muted">{t('casework.intro')}</p>
      {empty && (
        <p class="notice" role="status" data-testid="queue-empty">
          {t('casework.queueEmpty')}
        </p>
      )}
      <ErrorBox error={error} />
      {!cases && !error && <Loading />}

      {alarms.length > 0 && (
        <section class="alarms" aria-labelledby="alarms-h">
          <h2 id="alarms-h">{t('casework.alarms', { count: formatNumber(alarms.length, lang) })}</h2>
          <ul>
            {alarms.map((a) => (
              <li data-id={a.id}>
                <a href={href(['case', a.id])}>
                  <code>{a.id}</code>
                </a>{' '}
                <TierTag tier={a.tier} /> <span>{describeAlarm(a.stage, a.due, now, lang)}</span>
                <span class="muted small"> · {a.assignee ? t('casework.servedBy', { name: a.assignee }) : t('casework.inQueue')}</span>
              </li>
            ))}
          </ul>
        </section>
      )}

      {cases && (
        <section aria-labelledby="board-h">
          <div class="page-head">
            <h2 id="board-h">{t('casework.board')}</h2>
            {rights.claim && (
              <label class="checkbox small">
                <input type="checkbox" checked={mine} onChange={(e) => setMine((e.target as HTMLInputElement).checked)} /> {t('casework.mine')}
              </label>
            )}
          </div>
          <div class="board">
            {STAGES.map((stage) => {
              const list = columns[stage];
              const count = mine ? list.length : (cases.stage_counts[stage] ?? list.length);
              return (
                <section class="stage-col" data-stage={stage} aria-labelledby={`col-${stage}`}>
                  <h3 id={`col-${stage}`}>
                    {t(`enum.case_stage.${stage}` as Key)} <span class="count-pill">{formatNumber(count, lang)}</span>
                  </h3>
                  {list.length === 0 && <p class="muted small">{t('common.none')}</p>}
                  <ul class="case-cards">
                    {list.slice(0, CARDS_PER_COLUMN).map((c) => (
                      <CaseCard c={c} now={now} overdue={overdue.has(c.id)} />
                    ))}
                  </ul>
                  {list.length > CARDS_PER_COLUMN && (
                    <p class="muted small">{t('casework.columnMore', { count: formatNumber(list.length - CARDS_PER_COLUMN, lang) })}</p>
                  )}
                </section>
              );
            })}
          </div>
        </section>
      )}

      {queue && (
        <section aria-labelledby="queue-h">
          <h2 id="queue-h">
            {t('casework.queue')} <span class="badge">{t('casework.waitingCount', { count: formatNumber(queue.waiting, lang) })}</span>
          </h2>
          {queue.items.length === 0 ? (
            <p class="muted">{t('casework.queueNone')}</p>
          ) : (
            <ol class="queue">
              {queue.items.map((q) => (
                <li data-id={q.id}>
                  <span class="position" aria-label={t('casework.position', { position: q.position })}>
                    {formatNumber(q.position, lang)}
                  </span>
                  <div>
                    <a href={href(['case', q.id])}>
                      <code>{q.id}</code>
                    </a>{' '}
                    <TierTag tier={q.tier} />
                    <div class="reason small">{describePositionReason(q.reason, lang)}</div>
                    <div class="muted small">{t('casework.requestedAt', { at: formatTimestamp(q.requested_at, lang) })}</div>
                  </div>
                </li>
              ))}
            </ol>
          )}
          {queue.waiting > queue.items.length && (
            <p class="muted small">{t('casework.queueMore', { count: formatNumber(queue.waiting - queue.items.length, lang) })}</p>
          )}
        </section>
      )}
    </section>
  );
}

export function CaseIntake() {
  const { t, user } = useApp();
  const rights = caseRights(user?.role);
  const [tier, setTier] = useState('');
  const [reason, setReason] = useState('');
  const [requestedAt, setRequestedAt] = useState('');
  const [name, setName] = useState('');
  const [contact, setContact] = useState('');
  const [location, setLocation] = useState('');
  const [person, setPerson] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  if (!rights.read) return <CaseworkForbidden />;

  async function submit(e: Event) {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const at = localInputToIso(requestedAt);
      const c = await api.addCase({
        tier,
        reason,
        ...(at && { requested_at: at }),
        ...(person && { person }),
        ...(name && { requester_name: name }),
        ...(contact && { contact }),
        ...(location && { location }),
      });
      navigate(['case', c.id], { done: 'added' });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  const text = (set: (v: string) => void) => (e: Event) => set((e.target as HTMLInputElement).value);

  return (
    <form class="card intake" onSubmit={submit} aria-labelledby="case-new-h">
      <h1 id="case-new-h">{t('caseNew.title')}</h1>
      <p class="muted">{t('caseNew.intro')}</p>
      <div class="row">
        <Field label={t('case.tier')} required>
          {(id) => <EnumSelect id={id} group="case_tier" required value={tier} onChange={setTier} />}
        </Field>
        <Field label={t('caseNew.requestedAt')} help={t('caseNew.requestedAtHelp')}>
          {(id) => <input id={id} type="datetime-local" name="requested_at" value={requestedAt} onInput={text(setRequestedAt)} />}
        </Field>
      </div>
      <Field label={t('case.tierReason')} required>
        {(id) => <textarea id={id} name="reason" rows={3} required value={reason} onInput={text(setReason)} />}
      </Field>
      <fieldset class="field">
        <legend>{t('caseNew.sealed')}</legend>
        <p class="help lead">{t('caseNew.sealedHelp')}</p>
        <div class="row">
          <Field label={t('case.requesterName')}>{(id) => <input id={id} name="requester_name" autocomplete="off" value={name} onInput={text(setName)} />}</Field>
          <Field label={t('case.contact')}>{(id) => <input id={id} name="contact" autocomplete="off" value={contact} onInput={text(setContact)} />}</Field>
        </div>
        <Field label={t('case.location')}>{(id) => <input id={id} name="location" autocomplete="off" value={location} onInput={text(setLocation)} />}</Field>
        <Field label={t('case.person')}>{(id) => <RefSelect id={id} kind="person" value={person} onChange={setPerson} />}</Field>
      </fieldset>
      <ErrorBox error={error} />
      <div class="actions">
        <button type="submit" class="primary" disabled={busy || !tier}>
          {t('caseNew.submit')}
        </button>
        <a class="button secondary" href={href(['casework'])}>
          {t('common.cancel')}
        </a>
      </div>
    </form>
  );
}
