import { useEffect, useMemo, useState } from 'preact/hooks';
import { type Kind, type Rec, type SearchResult, type TimelineEvent, api, recordLabel } from '../lib/api';
import { records } from '../lib/cache';
import { useApp, vocabLabel } from '../lib/context';
import { dayNumber, earliestDay, latestDay, parseIsoDay, tryParseEdtf } from '../lib/edtf';
import { formatNumber } from '../lib/format';
import type { Key } from '../lib/i18n';
import { href, navigate } from '../lib/router';
import { EdtfInput, ErrorBox, Loading } from '../components/widgets';

interface FacetData {
  acts: Rec[];
  involvements: Rec[];
  places: Rec[];
  organizations: Rec[];
  timeline: TimelineEvent[];
}

interface HitFacts {
  actTypes: Set<string>;
  places: Set<string>;
  organizations: Set<string>;
  span: [number, number] | null;
}

function factsFor(kind: Kind, id: string, d: FacetData): HitFacts {
  const facts: HitFacts = { actTypes: new Set(), places: new Set(), organizations: new Set(), span: null };
  let eventId: string | null = null;
  let acts: Rec[] = [];
  if (kind === 'event') {
    eventId = id;
    acts = d.acts.filter((a) => a.event === id);
  } else if (kind === 'act') {
    const act = d.acts.find((a) => a.id === id);
    if (act) {
      acts = [act];
      eventId = act.event;
    }
  } else {
    return facts;
  }
  for (const a of acts) {
    facts.actTypes.add(a.type);
    for (const p of a.places ?? []) facts.places.add(p.place);
    for (const inv of d.involvements.filter((i) => i.act === a.id)) if (inv.organization) facts.organizations.add(inv.organization);
  }
  const ev = d.timeline.find((e) => e.id === eventId);
  if (ev) {
    for (const p of ev.place_ids ?? []) facts.places.add(p);
    const a = ev.start ? parseIsoDay(ev.start) : null;
    const b = ev.end ? parseIsoDay(ev.end) : null;
    facts.span = [a ? dayNumber(a) : -Infinity, b ? dayNumber(b) : Infinity];
  }
  // A place also stands for the places above it (site -> region -> country).
  for (const p of [...facts.places]) {
    let parent = d.places.find((x) => x.id === p)?.parent;
    for (let guard = 0; parent && guard < 10; guard++) {
      facts.places.add(parent);
      parent = d.places.find((x) => x.id === parent)?.parent;
    }
  }
  return facts;
}

export function Search(props: { query: URLSearchParams }) {
  const app = useApp();
  const { t, lang } = app;
  const q = props.query.get('q') ?? '';
  const kind = props.query.get('kind') ?? '';
  const actType = props.query.get('act_type') ?? '';
  const place = props.query.get('place') ?? '';
  const organization = props.query.get('organization') ?? '';
  const from = props.query.get('from') ?? '';
  const to = props.query.get('to') ?? '';
  const [text, setText] = useState(q);
  const [fromText, setFromText] = useState(from);
  const [toText, setToText] = useState(to);
  const [result, setResult] = useState<SearchResult | null>(null);
  const [facetData, setFacetData] = useState<FacetData | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setText(q);
    if (!q) {
      setResult(null);
      return;
    }
    setBusy(true);
    api
      .search(q, {}, 100)
      .then(setResult, setError)
      .finally(() => setBusy(false));
  }, [q]);

  useEffect(() => {
    if (!q || facetData) return;
    Promise.all([records('act'), records('involvement'), records('place'), records('organization'), api.timeline()])
      .then(([acts, involvements, places, organizations, tl]) =>
        setFacetData({ acts, involvements, places, organizations, timeline: tl.events ?? [] }),
      )
      .catch(() => setFacetData({ acts: [], involvements: [], places: [], organizations: [], timeline: [] }));
  }, [q]);

  const go = (over: Record<string, string | undefined>) =>
    navigate(['search'], { q, kind, act_type: actType, place, organization, from, to, ...over });

  const period = useMemo(() => {
    const a = from ? tryParseEdtf(from) : null;
    const b = to ? tryParseEdtf(to) : null;
    const lo = a && earliestDay(a) ? dayNumber(earliestDay(a)!) : -Infinity;
    const hi = b && latestDay(b) ? dayNumber(latestDay(b)!) : Infinity;
    return from || to ? ([lo, hi] as [number, number]) : null;
  }, [from, to]);

  const hits = result?.hits ?? [];
  const facts = useMemo(() => {
    const m = new Map<string, HitFacts>();
    if (facetData) for (const h of hits) m.set(`${h.kind}/${h.id}`, factsFor(h.kind, h.id, facetData));
    return m;
  }, [result, facetData]);

  const deepFilters = !!(actType || place || organization || period);
  const passDeep = (h: { kind: Kind; id: string }, skip?: string) => {
    const f = facts.get(`${h.kind}/${h.id}`);
    if (!deepFilters) return true;
    if (!f) return false;
    if (skip !== 'act_type' && actType && !f.actTypes.has(actType)) return false;
    if (skip !== 'place' && place && !f.places.has(place)) return false;
    if (skip !== 'organization' && organization && !f.organizations.has(organization)) return false;
    if (skip !== 'period' && period && (!f.span || f.span[1] < period[0] || f.span[0] > period[1])) return false;
    return true;
  };
  const visible = hits.filter((h) => (!kind || h.kind === kind) && passDeep(h));

  const kindCounts: Record<string, number> = {};
  for (const h of hits.filter((x) => passDeep(x))) kindCounts[h.kind] = (kindCounts[h.kind] ?? 0) + 1;
  const serverKinds = result?.facets?.kind ?? {};
  const facetCounts = (name: 'actTypes' | 'places' | 'organizations', skip: string) => {
    const counts: Record<string, number> = {};
    for (const h of hits) {
      if (kind && h.kind !== kind) continue;
      if (!passDeep(h, skip)) continue;
      for (const v of facts.get(`${h.kind}/${h.id}`)?.[name] ?? []) counts[v] = (counts[v] ?? 0) + 1;
    }
    return counts;
  };
  const placeLabel = (id: string) => recordLabel(facetData?.places.find((p) => p.id === id), lang) || id;
  const orgLabel = (id: string) => recordLabel(facetData?.organizations.find((p) => p.id === id), lang) || id;

  function FacetList(p: { title: string; param: string; counts: Record<string, number>; current: string; label: (v: string) => string }) {
    const entries = Object.entries(p.counts).sort((a, b) => b[1] - a[1]);
    if (!entries.length && !p.current) return null;
    return (
      <fieldset class="facet" data-facet={p.param}>
        <legend>{p.title}</legend>
        <ul class="plain">
          <li>
            <a href="#" aria-current={!p.current ? 'true' : undefined} onClick={(e) => (e.preventDefault(), go({ [p.param]: undefined }))}>
              {t('search.all')}
            </a>
          </li>
          {entries.map(([v, n]) => (
            <li>
              <a href="#" aria-current={p.current === v ? 'true' : undefined} data-value={v} onClick={(e) => (e.preventDefault(), go({ [p.param]: v }))}>
                {p.label(v)} <span class="count-pill">{formatNumber(n, lang)}</span>
              </a>
            </li>
          ))}
        </ul>
      </fieldset>
    );
  }

  return (
    <section aria-labelledby="search-h">
      <h1 id="search-h">{t('search.title')}</h1>
      <form
        class="search-form"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          navigate(['search'], { q: text, kind, act_type: actType, place, organization, from, to });
        }}
      >
        <label for="search-q" class="visually-hidden">
          {t('search.label')}
        </label>
        <input id="search-q" name="q" type="search" value={text} placeholder={t('search.placeholder')} onInput={(e) => setText((e.target as HTMLInputElement).value)} />
        <button type="submit" class="primary">
          {t('search.submit')}
        </button>
      </form>
      <ErrorBox error={error} />
      {busy && <Loading />}
      {result && (
        <div class="search-layout">
          <aside class="facets" aria-label={t('search.facets')}>
            <h2 class="small-h">{t('search.facets')}</h2>
            <FacetList
              title={t('search.kind')}
              param="kind"
              current={kind}
              counts={Object.keys(kindCounts).length || deepFilters ? kindCounts : serverKinds}
              label={(v) => t(`kinds.${v}` as Key)}
            />
            <FacetList title={t('search.actType')} param="act_type" current={actType} counts={facetCounts('actTypes', 'act_type')} label={(v) => vocabLabel(app, 'act_types', v)} />
            <FacetList title={t('search.place')} param="place" current={place} counts={facetCounts('places', 'place')} label={placeLabel} />
            <FacetList title={t('search.organization')} param="organization" current={organization} counts={facetCounts('organizations', 'organization')} label={orgLabel} />
            <fieldset class="facet">
              <legend>{t('search.period')}</legend>
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  go({ from: fromText, to: toText });
                }}
              >
                <label class="inline">
                  <span>{t('search.periodFrom')}</span>
                  <EdtfInput compact value={fromText} onInput={setFromText} />
                </label>
                <label class="inline">
                  <span>{t('search.periodTo')}</span>
                  <EdtfInput compact value={toText} onInput={setToText} />
                </label>
                <button type="submit" class="secondary">
                  {t('search.submit')}
                </button>
              </form>
            </fieldset>
            {(kind || deepFilters) && (
              <button type="button" class="link" onClick={() => navigate(['search'], { q })}>
                {t('search.clear')}
              </button>
            )}
          </aside>
          <div>
            <p class="muted" role="status">
              {visible.length ? t('search.hits', { count: formatNumber(visible.length, lang) }) : t('search.noHits')}
            </p>
            <ol class="hits">
              {visible.map((h) => (
                <li data-kind={h.kind}>
                  <span class="tag">{t(`kind.${h.kind}` as Key)}</span> <a href={href(['r', h.kind, h.id])}>{h.label || h.id}</a>
                </li>
              ))}
            </ol>
          </div>
        </div>
      )}
    </section>
  );
}
