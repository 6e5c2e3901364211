import { geoBounds, geoGraticule10, geoNaturalEarth1, geoPath } from 'd3-geo';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { feature } from 'topojson-client';
import { type Rec, type TimelineEvent, api, recordLabel } from '../lib/api';
import { records } from '../lib/cache';
import { useApp } from '../lib/context';
import { describeEdtf, formatNumber } from '../lib/format';
import { href } from '../lib/router';
import { ErrorBox, Loading } from '../components/widgets';

const W = 960;
const H = 520;

/** Spots projected, each label put right or left of its circle, and nudged
 *  down, so that close places stay legible. */
function placeLabels(spots: Spot[], projection: (c: [number, number]) => [number, number] | null) {
  const placed: { s: Spot; p: [number, number]; labelY: number; left: boolean }[] = [];
  const sorted = [...spots].sort((a, b) => b.events.length - a.events.length);
  const box = (x: number, y: number, left: boolean) => (left ? [x - 150, y - 12, x, y + 3] : [x, y - 12, x + 150, y + 3]);
  for (const s of sorted) {
    const p = projection([s.lon, s.lat]);
    if (!p) continue;
    let choice = { labelY: p[1] + 4, left: false };
    search: for (let dy = 0; dy < 8 * 15; dy += 15) {
      for (const left of [false, true]) {
        const [a0, b0, a1, b1] = box(p[0], p[1] + 4 + dy, left);
        const clash = placed.some((o) => {
          const [c0, d0, c1, d1] = box(o.p[0], o.labelY, o.left);
          return a0 < c1 && c0 < a1 && b0 < d1 && d0 < b1;
        });
        if (!clash) {
          choice = { labelY: p[1] + 4 + dy, left };
          break search;
        }
      }
    }
    placed.push({ s, p, ...choice });
  }
  return placed;
}

interface Spot {
  place: Rec;
  lon: number;
  lat: number;
  events: TimelineEvent[];
}

export function MapView() {
  const { t, lang } = useApp();
  const [world, setWorld] = useState<any>(null);
  const [places, setPlaces] = useState<Rec[] | null>(null);
  const [events, setEvents] = useState<TimelineEvent[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    // The boundaries ship inside the bundle (no tile server, no network).
    import('world-atlas/countries-110m.json')
      .then((m: any) => {
        const topo = m.default ?? m;
        setWorld(feature(topo, topo.objects.countries));
      })
      .catch(setError);
    records('place').then(setPlaces, setError);
    api.timeline().then((r) => setEvents(r.events ?? []), () => setEvents([]));
  }, []);

  const spots = useMemo<Spot[]>(() => {
    if (!places) return [];
    const byId = new Map(places.map((p) => [p.id, p]));
    // A place without coordinates is drawn at its nearest ancestor that has them.
    const located = (id: string): Rec | null => {
      let p = byId.get(id);
      for (let i = 0; p && i < 10; i++) {
        if (typeof p.latitude === 'number' && typeof p.longitude === 'number') return p;
        p = p.parent ? byId.get(p.parent) : undefined;
      }
      return null;
    };
    const m = new Map<string, Spot>();
    for (const p of places) {
      if (typeof p.latitude === 'number' && typeof p.longitude === 'number') {
        m.set(p.id, { place: p, lon: p.longitude, lat: p.latitude, events: [] });
      }
    }
    for (const ev of events) {
      const seen = new Set<string>();
      for (const pid of ev.place_ids ?? []) {
        const at = located(pid);
        if (at && !seen.has(at.id)) {
          seen.add(at.id);
          m.get(at.id)!.events.push(ev);
        }
      }
    }
    return [...m.values()];
  }, [places, events]);

  const projection = useMemo(() => {
    const proj = geoNaturalEarth1();
    if (spots.length) {
      const pts = { type: 'MultiPoint', coordinates: spots.map((s) => [s.lon, s.lat]) } as any;
      const [[x0, y0], [x1, y1]] = geoBounds(pts);
      const padX = Math.max(12, (x1 - x0) * 0.25);
      const padY = Math.max(7, (y1 - y0) * 0.25);
      const box = {
        type: 'Polygon',
        coordinates: [
          [
            [x0 - padX, y0 - padY],
            [x0 - padX, y1 + padY],
            [x1 + padX, y1 + padY],
            [x1 + padX, y0 - padY],
            [x0 - padX, y0 - padY],
          ],
        ],
      } as any;
      proj.fitExtent(
        [
          [10, 10],
          [W - 10, H - 10],
        ],
        box,
      );
    } else {
      proj.fitSize([W, H], { type: 'Sphere' } as any);
    }
    return proj;
  }, [spots]);

  if (error) return <ErrorBox error={error} />;
  const path = geoPath(projection);
  const unlocated = (places ?? []).filter((p) => typeof p.latitude !== 'number' || typeof p.longitude !== 'number');
  const maxEvents = Math.max(1, ...spots.map((s) => s.events.length));
  const chosen = spots.find((s) => s.place.id === selected);

  return (
    <section aria-labelledby="map-h">
      <h1 id="map-h">{t('map.title')}</h1>
      <p class="muted">{t('map.help')}</p>
      {!world || !places ? (
        <p class="muted">{t('map.loading')}</p>
      ) : (
        <div class="chart map">
          <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={t('map.chart')}>
            <defs>
              <clipPath id="map-clip">
                <rect width={W} height={H} />
              </clipPath>
            </defs>
            <g clip-path="url(#map-clip)">
              <rect class="sea" width={W} height={H} />
              <path class="graticule" d={path(geoGraticule10()) ?? ''} />
              {world.features.map((f: any) => (
                <path class="country" d={path(f) ?? ''}>
                  <title>{f.properties?.name}</title>
                </path>
              ))}
              {placeLabels(spots, projection).map(({ s, p, labelY, left }) => {
                  const r = 5 + 12 * Math.sqrt(s.events.length / maxEvents);
                  return (
                    <a
                      href={href(['r', 'place', s.place.id])}
                      class={`spot ${selected === s.place.id ? 'selected' : ''}`}
                      data-place={s.place.id}
                      onFocus={() => setSelected(s.place.id)}
                      onMouseEnter={() => setSelected(s.place.id)}
                    >
                      <title>{`${recordLabel(s.place, lang)} — ${t('map.events', { count: formatNumber(s.events.length, lang) })}`}</title>
                      <circle cx={p[0]} cy={p[1]} r={s.events.length ? r : 4} class={s.events.length ? 'has-events' : 'no-events'} />
                      <text x={left ? p[0] - r - 4 : p[0] + r + 4} y={labelY} text-anchor={left ? 'end' : 'start'}>
                        {recordLabel(s.place, lang)}
                      </text>
                    </a>
                  );
                })}
            </g>
          </svg>
        </div>
      )}
      {!places && <Loading />}
      <div class="map-side">
        {chosen && (
          <section aria-live="polite">
            <h2>
              <a href={href(['r', 'place', chosen.place.id])}>{recordLabel(chosen.place, lang)}</a>
            </h2>
            <p class="muted">{t('map.events', { count: formatNumber(chosen.events.length, lang) })}</p>
            <ul class="plain">
              {chosen.events.map((ev) => (
                <li>
                  <a href={href(['r', 'event', ev.id])}>{ev.title}</a> <span class="muted small">{describeEdtf(ev.edtf, lang)}</span>
                </li>
              ))}
            </ul>
          </section>
        )}
        {unlocated.length > 0 && (
          <details>
            <summary>{t('map.noCoords')}</summary>
            <ul class="plain">
              {unlocated.map((p) => (
                <li>
                  <a href={href(['r', 'place', p.id])}>{recordLabel(p, lang)}</a>
                </li>
              ))}
            </ul>
          </details>
        )}
      </div>
    </section>
  );
}
