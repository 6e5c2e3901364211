// One case (#5): the requester's sealed particulars, tier and reason, the
// stages it went through, only the moves the server allows from its stage,
// notes, consent, referrals, linked records, and its history from the audit
// log. Every change answers with the whole case, which replaces the shown
// one (reading a case again would add a read to the audit log for nothing).
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { type AllowedMove, type CaseDetail, type CasePosition, type HistoryEntry, api } from '../lib/api';
import {
  PATH,
  caseRights,
  describeHistoryAction,
  describeHistoryDetail,
  formatDuration,
  linkKind,
  secondsSince,
  servesOrLeads,
  stageLabel,
} from '../lib/casework';
import { useApp } from '../lib/context';
import { formatNumber, formatTimestamp } from '../lib/format';
import type { Key } from '../lib/i18n';
import { href } from '../lib/router';
import { EnumSelect, ErrorBox, Field, Loading, RecordLink } from '../components/widgets';
import { CaseworkForbidden, TierTag } from './Casework';

type SetCase = (c: CaseDetail) => void;

/** A form that sends one change and shows its error beside it; `onDone` runs after success. */
function ActionForm(props: {
  submit: string;
  onSubmit: () => Promise<unknown>;
  onDone?: () => void;
  onCancel?: () => void;
  disabled?: boolean;
  legend?: string;
  name?: string;
  children: ComponentChildren;
}) {
  const { t } = useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await props.onSubmit();
      props.onDone?.();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form class="action-form" onSubmit={submit} data-action={props.name}>
      {props.legend && <h3>{props.legend}</h3>}
      {props.children}
      <ErrorBox error={error} />
      <div class="actions">
        <button type="submit" class="primary" disabled={busy || props.disabled}>
          {props.submit}
        </button>
        {props.onCancel && (
          <button type="button" class="secondary" onClick={props.onCancel}>
            {t('common.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}

function TextArea(props: { id: string; name: string; value: string; onInput: (v: string) => void; required?: boolean; rows?: number }) {
  return (
    <textarea
      id={props.id}
      name={props.name}
      rows={props.rows ?? 3}
      required={props.required}
      value={props.value}
      onInput={(e) => props.onInput((e.target as HTMLTextAreaElement).value)}
    />
  );
}

function TextInput(props: { id: string; name: string; value: string; onInput: (v: string) => void; required?: boolean }) {
  return (
    <input
      id={props.id}
      name={props.name}
      required={props.required}
      autocomplete="off"
      value={props.value}
      onInput={(e) => props.onInput((e.target as HTMLInputElement).value)}
    />
  );
}

/** The stages a case reached, in order, and where it stands now. */
function StageSteps(props: { c: CaseDetail }) {
  const { t, lang } = useApp();
  const { c } = props;
  const reached = new Set<string>([c.stage, ...c.stages.flatMap((s) => [s.from, s.to])]);
  return (
    <ol class="stage-steps" aria-label={t('case.stages')}>
      {PATH.map((s) => (
        <li class={reached.has(s) ? 'done' : ''} aria-current={c.stage === s ? 'step' : undefined}>
          {stageLabel(s, lang)}
        </li>
      ))}
      {c.stage === 'closed' && (
        <li class="done closed" aria-current="step">
          {stageLabel('closed', lang)}
          {c.close_reason && `: ${t(`enum.close_reason.${c.close_reason}` as Key)}`}
        </li>
      )}
    </ol>
  );
}

type Open = { kind: 'move'; move: AllowedMove } | { kind: 'release' } | { kind: 'reassign' } | null;

/** Only the moves the server lists for this stage, each asking for what it needs; release and reassign. */
function NextSteps(props: { c: CaseDetail; setCase: SetCase }) {
  const { t, lang, user } = useApp();
  const { c, setCase } = props;
  const rights = caseRights(user?.role);
  const may = servesOrLeads(rights, user?.name ?? '', c.assignee);
  const [open, setOpen] = useState<Open>(null);
  const [note, setNote] = useState('');
  const [closeReason, setCloseReason] = useState('');
  const [who, setWho] = useState('');
  const openForm = (o: Open) => {
    setOpen(o);
    setNote('');
    setCloseReason('');
    setWho('');
  };
  const close = () => openForm(null);
  const canRelease = may && c.stage === 'requested' && c.assignee !== '';
  const canReassign = rights.lead && c.stage !== 'resettled' && c.stage !== 'closed';
  const moveLabel = (m: AllowedMove) => (m.to === 'closed' ? t('case.close') : t('case.moveTo', { stage: stageLabel(m.to, lang) }));

  if (c.allowed_moves.length === 0) return <p class="muted">{t('case.movesNone')}</p>;
  return (
    <>
      {!may && <p class="muted">{c.assignee ? t('case.servedByOther', { name: c.assignee }) : t('case.claimFirst')}</p>}
      {(may || canReassign) && (
        <div class="actions" role="group" aria-label={t('case.nextStep')}>
          {may &&
            c.allowed_moves.map((m) => (
              <button
                type="button"
                class={m.to === 'closed' ? 'secondary danger' : 'primary'}
                data-move={m.to}
                aria-expanded={open?.kind === 'move' && open.move.to === m.to}
                onClick={() => openForm({ kind: 'move', move: m })}
              >
                {moveLabel(m)}
              </button>
            ))}
          {canRelease && (
            <button type="button" class="secondary" aria-expanded={open?.kind === 'release'} onClick={() => openForm({ kind: 'release' })}>
              {t('case.release')}
            </button>
          )}
          {canReassign && (
            <button type="button" class="secondary" aria-expanded={open?.kind === 'reassign'} onClick={() => openForm({ kind: 'reassign' })}>
              {t('case.reassign')}
            </button>
          )}
        </div>
      )}
      {open?.kind === 'move' && (
        <ActionForm
          name="move"
          legend={moveLabel(open.move)}
          submit={t('case.confirm')}
          disabled={open.move.needs_close_reason && !closeReason}
          onSubmit={() =>
            api
              .moveCase(c.id, { to: open.move.to, note, ...(open.move.needs_close_reason && { close_reason: closeReason }) })
              .then(setCase)
          }
          onDone={close}
          onCancel={close}
        >
          {open.move.needs_close_reason && (
            <Field label={t('case.closeReason')} required>
              {(id) => <EnumSelect id={id} group="close_reason" required value={closeReason} onChange={setCloseReason} />}
            </Field>
          )}
          <Field label={t(`case.noteFor.${open.move.to}` as Key)} required={open.move.needs_note} help={t('case.noteHelp')}>
            {(id) => <TextArea id={id} name="note" required={open.move.needs_note} value={note} onInput={setNote} />}
          </Field>
        </ActionForm>
      )}
      {open?.kind === 'release' && (
        <ActionForm name="release" legend={t('case.release')} submit={t('case.confirm')} onSubmit={() => api.releaseCase(c.id, note).then(setCase)} onDone={close} onCancel={close}>
          <Field label={t('case.releaseReason')} required>
            {(id) => <TextArea id={id} name="reason" required value={note} onInput={setNote} />}
          </Field>
        </ActionForm>
      )}
      {open?.kind === 'reassign' && (
        <ActionForm name="reassign" legend={t('case.reassign')} submit={t('case.confirm')} onSubmit={() => api.assignCase(c.id, who, note).then(setCase)} onDone={close} onCancel={close}>
          <Field label={t('case.reassignTo')} required>
            {(id) => <TextInput id={id} name="to" required value={who} onInput={setWho} />}
          </Field>
          <Field label={t('case.reassignReason')} required>
            {(id) => <TextArea id={id} name="reason" required value={note} onInput={setNote} />}
          </Field>
        </ActionForm>
      )}
    </>
  );
}

function Notes(props: { c: CaseDetail; setCase: SetCase }) {
  const { t, lang } = useApp();
  const { c } = props;
  const [text, setText] = useState('');
  return (
    <section aria-labelledby="notes-h">
      <h2 id="notes-h">{t('case.notes')}</h2>
      {c.notes.length === 0 && <p class="muted">{t('case.notesNone')}</p>}
      <ul class="cards notes">
        {c.notes.map((n) => (
          <li>
            <div class="prose">{n.text}</div>
            <div class="muted small">
              {formatTimestamp(n.at, lang)} · {n.author}
            </div>
          </li>
        ))}
      </ul>
      <ActionForm name="note" submit={t('case.addNote')} onSubmit={() => api.addCaseNote(c.id, text).then(props.setCase)} onDone={() => setText('')}>
        <Field label={t('case.noteText')} required>
          {(id) => <TextArea id={id} name="text" required value={text} onInput={setText} />}
        </Field>
      </ActionForm>
    </section>
  );
}

function Consent(props: { c: CaseDetail; setCase: SetCase }) {
  const { t } = useApp();
  const { c } = props;
  const [note, setNote] = useState('');
  const given = !c.consent_to_share; // what the form records: the opposite of now
  return (
    <section aria-labelledby="consent-h">
      <h2 id="consent-h">{t('case.consent')}</h2>
      <p class={c.consent_to_share ? 'notice' : 'muted'} data-testid="consent-state">
        {c.consent_to_share ? t('case.consentGiven') : t('case.consentNone')}
      </p>
      <ActionForm
        name="consent"
        submit={given ? t('case.consentRecordGiven') : t('case.consentRecordWithdrawn')}
        onSubmit={() => api.setCaseConsent(c.id, given, note).then(props.setCase)}
        onDone={() => setNote('')}
      >
        <Field label={t('case.consentNote')} required>
          {(id) => <TextArea id={id} name="consent-note" rows={2} required value={note} onInput={setNote} />}
        </Field>
      </ActionForm>
    </section>
  );
}

function ReferralState(props: { c: CaseDetail; referral: CaseDetail['referrals'][number]; setCase: SetCase }) {
  const { t } = useApp();
  const { c, referral } = props;
  const [state, setState] = useState(referral.state);
  return (
    <ActionForm
      name="referral-state"
      submit={t('case.setState')}
      disabled={state === referral.state}
      onSubmit={() => api.setReferralState(c.id, referral.id, state).then(props.setCase)}
    >
      <EnumSelect group="referral_state" required value={state} onChange={setState} label={t('case.referralState', { partner: referral.partner })} />
    </ActionForm>
  );
}

function Referrals(props: { c: CaseDetail; setCase: SetCase }) {
  const { t, lang, user } = useApp();
  const { c } = props;
  const rights = caseRights(user?.role);
  const [partner, setPartner] = useState('');
  const [override, setOverride] = useState('');
  const needsOverride = !c.consent_to_share;
  return (
    <section aria-labelledby="referrals-h">
      <h2 id="referrals-h">{t('case.referrals')}</h2>
      {c.referrals.length === 0 && <p class="muted">{t('case.referralsNone')}</p>}
      <ul class="cards referrals">
        {c.referrals.map((r) => (
          <li data-referral={r.id}>
            <strong>{r.partner}</strong> <span class="tag">{t(`enum.referral_state.${r.state}` as Key)}</span>
            <div class="muted small">{t('case.updated', { at: formatTimestamp(r.updated, lang) })}</div>
            {r.consent_override_reason && <div class="small warn-text">{t('case.overridden', { reason: r.consent_override_reason })}</div>}
            <ReferralState c={c} referral={r} setCase={props.setCase} key={`${r.id}-${r.state}`} />
          </li>
        ))}
      </ul>
      {needsOverride && !rights.lead ? (
        <p class="muted small">{t('case.needsConsent')}</p>
      ) : (
        <ActionForm
          name="refer"
          legend={t('case.refer')}
          submit={t('case.refer')}
          onSubmit={() => api.referCase(c.id, partner, needsOverride ? override : undefined).then(props.setCase)}
          onDone={() => {
            setPartner('');
            setOverride('');
          }}
        >
          <Field label={t('case.partner')} required>
            {(id) => <TextInput id={id} name="partner" required value={partner} onInput={setPartner} />}
          </Field>
          {needsOverride && (
            <Field label={t('case.overrideReason')} required help={t('case.overrideHelp')}>
              {(id) => <TextArea id={id} name="override_reason" rows={2} required value={override} onInput={setOverride} />}
            </Field>
          )}
        </ActionForm>
      )}
    </section>
  );
}

function Links(props: { c: CaseDetail; setCase: SetCase }) {
  const { t } = useApp();
  const { c } = props;
  const [record, setRecord] = useState('');
  return (
    <section aria-labelledby="links-h">
      <h2 id="links-h">{t('case.links')}</h2>
      {c.links.length === 0 && <p class="muted">{t('case.linksNone')}</p>}
      <ul class="plain">
        {c.links.map((id) => {
          const kind = linkKind(id);
          return (
            <li>
              {kind ? (
                <>
                  <span class="muted small">{t(`kind.${kind}` as Key)}</span> <RecordLink kind={kind} id={id} />
                </>
              ) : (
                <code>{id}</code>
              )}
            </li>
          );
        })}
      </ul>
      <ActionForm name="link" submit={t('case.link')} onSubmit={() => api.linkCase(c.id, record.trim()).then(props.setCase)} onDone={() => setRecord('')}>
        <Field label={t('case.linkRecord')} required help={t('case.linkHelp')}>
          {(id) => <TextInput id={id} name="record" required value={record} onInput={setRecord} />}
        </Field>
      </ActionForm>
    </section>
  );
}

function History(props: { entries: HistoryEntry[] | null }) {
  const { t, lang } = useApp();
  const [reads, setReads] = useState(false);
  if (!props.entries) return <Loading />;
  const readCount = props.entries.filter((e) => e.action === 'case-read').length;
  const shown = props.entries.filter((e) => reads || e.action !== 'case-read');
  return (
    <section aria-labelledby="history-h" class="history">
      <div class="page-head">
        <h2 id="history-h">{t('case.history')}</h2>
        <label class="checkbox small">
          <input type="checkbox" checked={reads} onChange={(e) => setReads((e.target as HTMLInputElement).checked)} />{' '}
          {t('case.showReads', { count: formatNumber(readCount, lang) })}
        </label>
      </div>
      <p class="muted small">{t('case.historyIntro')}</p>
      <table class="data history-table">
        <thead>
          <tr>
            <th scope="col">{t('case.when')}</th>
            <th scope="col">{t('case.who')}</th>
            <th scope="col">{t('case.what')}</th>
            <th scope="col">{t('case.detail')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((e) => (
            <tr data-action={e.action}>
              <td>{formatTimestamp(e.at, lang)}</td>
              <td>{e.actor}</td>
              <td>{describeHistoryAction(e.action, lang)}</td>
              <td>{describeHistoryDetail(e.detail, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function CaseView(props: { id: string; notice?: string | null }) {
  const { t, lang, user } = useApp();
  const rights = caseRights(user?.role);
  const [c, setCase] = useState<CaseDetail | null>(null);
  const [history, setHistory] = useState<HistoryEntry[] | null>(null);
  const [position, setPosition] = useState<CasePosition | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [now, setNow] = useState(() => new Date());

  useEffect(() => {
    if (!rights.read) return;
    setCase(null);
    setError(null);
    api.getCase(props.id).then(setCase, setError);
  }, [props.id, rights.read]);
  // After every change: its entry in the history, the position in the queue.
  useEffect(() => {
    if (!c) return;
    setNow(new Date());
    api.caseHistory(c.id).then((h) => setHistory(h.items), setError);
    if (c.stage === 'requested' && !c.assignee) api.casePosition(c.id).then(setPosition, () => setPosition(null));
    else setPosition(null);
  }, [c]);

  if (!rights.read) return <CaseworkForbidden />;
  if (error && !c) return <ErrorBox error={error} />;
  if (!c) return <Loading />;
  const open = c.stage !== 'resettled' && c.stage !== 'closed';
  const particulars: [string, ComponentChildren][] = [
    [t('case.requesterName'), c.requester_name],
    [t('case.contact'), c.contact],
    [t('case.location'), c.location],
    [t('case.person'), c.person && <RecordLink kind="person" id={c.person} />],
  ];

  return (
    <article class="record case" data-id={c.id} data-stage={c.stage}>
      {(props.notice === 'added' || props.notice === 'claimed') && (
        <p class="notice" role="status">
          {props.notice === 'added' ? t('case.added') : t('case.claimed')}
        </p>
      )}
      <p class="eyebrow">
        <a href={href(['casework'])}>{t('casework.title')}</a> · {t('case.eyebrow')}
      </p>
      <h1>
        <code class="case-title">{c.id}</code>
      </h1>
      <div class="meta case-meta">
        <TierTag tier={c.tier} />
        <span class="tag stage" data-testid="case-stage">
          {stageLabel(c.stage, lang)}
        </span>
        <span>{c.assignee ? t('casework.servedBy', { name: c.assignee }) : open ? t('casework.inQueue') : ''}</span>
      </div>
      <ErrorBox error={error} />

      <div class="record-grid">
        <div>
          <section aria-labelledby="next-h">
            <h2 id="next-h">{t('case.nextStep')}</h2>
            <NextSteps c={c} setCase={setCase} />
          </section>
          <section aria-labelledby="stages-h">
            <h2 id="stages-h">{t('case.stages')}</h2>
            <StageSteps c={c} />
            <ul class="cards stage-changes">
              {c.stages.map((s) => (
                <li>
                  <strong>
                    {stageLabel(s.from, lang)} → {stageLabel(s.to, lang)}
                  </strong>{' '}
                  <span class="muted small">
                    {formatTimestamp(s.at, lang)} · {s.by}
                  </span>
                  {s.note && <div class="prose">{s.note}</div>}
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="particulars-h">
            <h2 id="particulars-h">{t('case.particulars')}</h2>
            {c.sealed_requester ? (
              <p class="notice sealed" role="note" data-testid="requester-sealed">
                {t('record.sealed', { compartment: t('compartment.requesters') })}
              </p>
            ) : (
              <p class="muted small">{t('case.sealedNote')}</p>
            )}
            <dl class="fields">
              <dt>{t('case.tier')}</dt>
              <dd>
                <TierTag tier={c.tier} />
              </dd>
              <dt>{t('case.tierReason')}</dt>
              <dd class="prose">{c.tier_reason}</dd>
              <dt>{t('case.requested')}</dt>
              <dd>
                {formatTimestamp(c.requested_at, lang)}
                {open && <span class="muted"> · {t('casework.waiting', { duration: formatDuration(secondsSince(c.requested_at, now), lang) })}</span>}
              </dd>
              <dt>{t('case.stageSince')}</dt>
              <dd>{formatTimestamp(c.stage_since, lang)}</dd>
              {position && position.position > 0 && (
                <>
                  <dt>{t('case.position')}</dt>
                  <dd data-testid="case-position">
                    {t('case.positionNow', { position: formatNumber(position.position, lang) })} ·{' '}
                    {position.expected_wait_seconds === null
                      ? t('case.noPace')
                      : t('case.expectedWait', { duration: formatDuration(position.expected_wait_seconds, lang) })}
                  </dd>
                </>
              )}
              {c.claimed_at && (
                <>
                  <dt>{t('case.claimedAt')}</dt>
                  <dd>{formatTimestamp(c.claimed_at, lang)}</dd>
                </>
              )}
              {particulars
                .filter(([, v]) => v)
                .map(([label, v]) => (
                  <>
                    <dt>{label}</dt>
                    <dd>{v}</dd>
                  </>
                ))}
            </dl>
          </section>
          <Notes c={c} setCase={setCase} />
        </div>
        <aside>
          <Consent c={c} setCase={setCase} />
          <Referrals c={c} setCase={setCase} />
          <Links c={c} setCase={setCase} />
        </aside>
      </div>
      <History entries={history} />
    </article>
  );
}
