import { useEffect, useState } from 'preact/hooks';
import { type Chain as ChainData, type ChainPost, api, recordLabel } from '../lib/api';
import { useRecords } from '../lib/cache';
import { useApp, vocabLabel } from '../lib/context';
import { describeEdtf } from '../lib/format';
import { href, navigate } from '../lib/router';
import { EdtfInput, ErrorBox, Field, Loading, RefSelect } from '../components/widgets';

const BOX_W = 290;
const GAP_X = 24;
const GAP_Y = 46;
const PAD = 20;

function boxHeight(p: ChainPost): number {
  return 58 + 18 * Math.max(1, p.holders.length);
}

/** The server lists superiors nearest first; people read a hierarchy from the top. */
function superiorsTopDown(chain: ChainData): { id: string; name: string }[] {
  const list = chain.superiors;
  return list.length > 0 && list[0].id !== chain.organization ? [...list].reverse() : list;
}

function clip(s: string, n: number): string {
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}

function ChainChart(props: { chain: ChainData }) {
  const app = useApp();
  const { t, lang } = app;
  const byRank = new Map<number, ChainPost[]>();
  for (const p of props.chain.posts) {
    const r = p.rank > 0 ? p.rank : 999;
    byRank.set(r, [...(byRank.get(r) ?? []), p]);
  }
  const rows = [...byRank.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]);
  const widest = Math.max(1, ...rows.map((r) => r.length));
  const W = Math.max(560, widest * BOX_W + (widest - 1) * GAP_X + 2 * PAD);
  let y = PAD;
  const placed = rows.map((row) => {
    const h = Math.max(...row.map(boxHeight));
    const rowW = row.length * BOX_W + (row.length - 1) * GAP_X;
    const x0 = (W - rowW) / 2;
    const boxes = row.map((p, i) => ({ p, x: x0 + i * (BOX_W + GAP_X), y, h: boxHeight(p) }));
    const out = { boxes, y, h };
    y += h + GAP_Y;
    return out;
  });
  const H = y - GAP_Y + PAD;
  return (
    <svg
      class="chart chain"
      viewBox={`0 0 ${W} ${H}`}
      width="100%"
      style={{ maxWidth: `${W}px` }}
      role="img"
      aria-label={t('chain.chart', { name: props.chain.name, at: describeEdtf(props.chain.at, lang) })}
    >
      {placed.slice(1).map((row, i) => {
        const above = placed[i];
        const busY = row.y - GAP_Y / 2;
        const xs = row.boxes.map((b) => b.x + BOX_W / 2);
        const upX = W / 2;
        return (
          <g class="links">
            <line x1={upX} x2={upX} y1={above.y + Math.min(...above.boxes.map((b) => b.h))} y2={busY} />
            <line x1={Math.min(upX, ...xs)} x2={Math.max(upX, ...xs)} y1={busY} y2={busY} />
            {xs.map((x) => (
              <line x1={x} x2={x} y1={busY} y2={row.y} />
            ))}
          </g>
        );
      })}
      {placed.flatMap((row) =>
        row.boxes.map(({ p, x, y: by, h }) => (
          <g class={`post ${p.vacant ? 'vacant' : ''}`} data-post={p.post} data-role={p.role}>
            <a href={href(['r', 'post', p.post])}>
              <rect x={x} y={by} width={BOX_W} height={h} rx={6} />
              <text class="post-label" x={x + 12} y={by + 22}>
                {clip(p.label, 30)}
              </text>
              <text class="post-role" x={x + 12} y={by + 40}>
                {clip([p.role ? vocabLabel(app, 'post_roles', p.role) : '', p.unit && p.unit !== props.chain.organization ? p.unit_name ?? '' : ''].filter(Boolean).join(' · '), 40)}
              </text>
            </a>
            {p.vacant || p.holders.length === 0 ? (
              <text class="vacant-label" x={x + 12} y={by + 62}>
                {t('chain.vacant')}
              </text>
            ) : (
              p.holders.map((hd, i) => (
                <a href={href(['r', 'person', hd.person])}>
                  <text class="holder" x={x + 12} y={by + 62 + i * 18}>
                    {clip(hd.label || hd.person, 38)}
                  </text>
                </a>
              ))
            )}
          </g>
        )),
      )}
    </svg>
  );
}

export function Chain(props: { query: URLSearchParams }) {
  const app = useApp();
  const { t, lang } = app;
  const org = props.query.get('org') ?? '';
  const at = props.query.get('at') ?? '';
  const [orgInput, setOrgInput] = useState(org);
  const [atInput, setAtInput] = useState(at || '2016-08');
  const [chain, setChain] = useState<ChainData | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const orgs = useRecords('organization');
  // The organization's name in the reader's script when a report gives one.
  const orgName = (id: string, fallback: string) => {
    const r = orgs?.find((o) => o.id === id);
    return r ? recordLabel(r, lang) : fallback;
  };

  useEffect(() => {
    setOrgInput(org);
    if (at) setAtInput(at);
    if (!org) return;
    setBusy(true);
    setError(null);
    setChain(null);
    api
      .chain(org, at || '..')
      .then(setChain, setError)
      .finally(() => setBusy(false));
  }, [org, at]);

  return (
    <section aria-labelledby="chain-h">
      <h1 id="chain-h">{t('chain.title')}</h1>
      <p class="muted">{t('chain.intro')}</p>
      <form
        class="row chain-form"
        onSubmit={(e) => {
          e.preventDefault();
          navigate(['chain'], { org: orgInput, at: atInput });
        }}
      >
        <Field label={t('chain.org')}>{(id) => <RefSelect id={id} kind="organization" value={orgInput} onChange={setOrgInput} />}</Field>
        <Field label={t('chain.at')}>{(id) => <EdtfInput id={id} name="at" value={atInput} onInput={setAtInput} />}</Field>
        <div class="field">
          <button type="submit" class="primary" disabled={!orgInput}>
            {t('chain.show')}
          </button>
        </div>
      </form>
      <ErrorBox error={error} />
      {busy && <Loading />}
      {chain && (
        <>
          <h2>
            <a href={href(['r', 'organization', chain.organization])}>{orgName(chain.organization, chain.name)}</a> <span class="muted">· {describeEdtf(chain.at, lang)}</span>
          </h2>
          {chain.superiors.length > 0 && (
            <p class="superiors">
              <span class="muted">{t('chain.superiors')}: </span>
              {/* From the top of the hierarchy down to the organization's parent. */}
              {superiorsTopDown(chain).map((s, i) => (
                <>
                  {i > 0 && ' › '}
                  <a href={href(['chain'], { org: s.id, at: chain.at })}>{orgName(s.id, s.name)}</a>
                </>
              ))}
            </p>
          )}
          {chain.posts.length === 0 ? (
            <p class="muted">{t('chain.empty')}</p>
          ) : (
            <>
              <div class="chart-wrap">
                <ChainChart chain={chain} />
              </div>
              <table class="data chain-table">
                <caption>{t('chain.table')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('field.rank')}</th>
                    <th scope="col">{t('kind.post')}</th>
                    <th scope="col">{t('field.role')}</th>
                    <th scope="col">{t('field.person')}</th>
                  </tr>
                </thead>
                <tbody>
                  {[...chain.posts]
                    .sort((a, b) => (a.rank || 999) - (b.rank || 999))
                    .map((p) => (
                      <tr data-post={p.post}>
                        <td>{p.rank || ''}</td>
                        <td>
                          <a href={href(['r', 'post', p.post])}>{p.label}</a>
                        </td>
                        <td>{p.role ? vocabLabel(app, 'post_roles', p.role) : ''}</td>
                        <td>
                          {p.vacant || !p.holders.length ? (
                            <span class="badge">{t('chain.vacant')}</span>
                          ) : (
                            p.holders.map((h, i) => (
                              <>
                                {i > 0 && ', '}
                                <a href={href(['r', 'person', h.person])}>{h.label || h.person}</a>
                              </>
                            ))
                          )}
                        </td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </>
          )}
        </>
      )}
    </section>
  );
}
