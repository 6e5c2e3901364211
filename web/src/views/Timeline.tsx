import { useEffect, useRef, useState } from 'preact/hooks';
import { type TimelineEvent, api } from '../lib/api';
import { useApp } from '../lib/context';
import { dayFromNumber, dayNumber, parseIsoDay } from '../lib/edtf';
import { describeEdtf } from '../lib/format';
import { type Lang, localeOf } from '../lib/i18n';
import { href } from '../lib/router';
import { ErrorBox, Loading } from '../components/widgets';

const W = 1000;
const LABEL_W = 280;
const ROW = 30;
const TOP = 34;

interface Bar {
  ev: TimelineEvent;
  a: number | null; // first day, null when unbounded
  b: number | null; // last day
}

function ticks(lo: number, hi: number, lang: Lang): { day: number; label: string }[] {
  const span = hi - lo;
  const out: { day: number; label: string }[] = [];
  const first = dayFromNumber(Math.floor(lo));
  const fmt = (opts: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(localeOf(lang), { ...opts, timeZone: 'UTC' });
  const asDate = (n: number) => {
    const d = dayFromNumber(n);
    const x = new Date(Date.UTC(2000, d.m - 1, d.d));
    x.setUTCFullYear(d.y);
    return x;
  };
  if (span > 365 * 3) {
    const step = Math.max(1, Math.ceil(span / 365 / 10));
    const f = fmt({ year: 'numeric' });
    for (let y = first.y; ; y += step) {
      const n = dayNumber({ y, m: 1, d: 1 });
      if (n > hi) break;
      if (n >= lo) out.push({ day: n, label: f.format(asDate(n)) });
    }
  } else if (span > 62) {
    const step = Math.max(1, Math.ceil(span / 30 / 10));
    const f = fmt({ year: 'numeric', month: 'short' });
    for (let i = 0; ; i += step) {
      const m0 = first.m - 1 + i;
      const n = dayNumber({ y: first.y + Math.floor(m0 / 12), m: (m0 % 12) + 1, d: 1 });
      if (n > hi) break;
      if (n >= lo) out.push({ day: n, label: f.format(asDate(n)) });
    }
  } else {
    const step = Math.max(1, Math.ceil(span / 10));
    const f = fmt({ month: 'short', day: 'numeric' });
    for (let n = Math.ceil(lo); n <= hi; n += step) out.push({ day: n, label: f.format(asDate(n)) });
  }
  return out;
}

export function Timeline() {
  const { t, lang } = useApp();
  const [events, setEvents] = useState<TimelineEvent[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [domain, setDomain] = useState<[number, number] | null>(null);
  const full = useRef<[number, number]>([0, 1]);
  const svgRef = useRef<SVGSVGElement>(null);
  const drag = useRef<{ x: number; domain: [number, number] } | null>(null);

  useEffect(() => {
    api.timeline().then((r) => {
      const evs = r.events ?? [];
      setEvents(evs);
      const days: number[] = [];
      for (const e of evs) {
        const a = e.start ? parseIsoDay(e.start) : null;
        const b = e.end ? parseIsoDay(e.end) : null;
        if (a) days.push(dayNumber(a));
        if (b) days.push(dayNumber(b) + 1);
      }
      if (days.length) {
        let lo = Math.min(...days);
        let hi = Math.max(...days);
        const pad = Math.max(15, (hi - lo) * 0.08);
        lo -= pad;
        hi += pad;
        full.current = [lo, hi];
        setDomain([lo, hi]);
      }
    }, setError);
  }, []);

  if (error) return <ErrorBox error={error} />;
  if (!events) return <Loading />;

  const bars: Bar[] = events
    .map((ev) => {
      const a = ev.start ? parseIsoDay(ev.start) : null;
      const b = ev.end ? parseIsoDay(ev.end) : null;
      return { ev, a: a ? dayNumber(a) : null, b: b ? dayNumber(b) : null };
    })
    .filter((x) => x.a !== null || x.b !== null)
    .sort((x, y) => (x.a ?? -Infinity) - (y.a ?? -Infinity));

  const [lo, hi] = domain ?? [0, 1];
  const x = (day: number) => LABEL_W + ((day - lo) / (hi - lo)) * (W - LABEL_W - 10);
  const H = TOP + bars.length * ROW + 10;

  const zoom = (factor: number, centre = (lo + hi) / 2) => {
    const span = Math.min(Math.max((hi - lo) * factor, 7), 365 * 400);
    const r = (centre - lo) / (hi - lo);
    setDomain([centre - span * r, centre + span * (1 - r)]);
  };
  const pan = (fraction: number) => {
    const d = (hi - lo) * fraction;
    setDomain([lo + d, hi + d]);
  };
  const pxToDays = (px: number) => {
    const rect = svgRef.current?.getBoundingClientRect();
    const scale = rect ? W / rect.width : 1;
    return (px * scale * (hi - lo)) / (W - LABEL_W - 10);
  };

  return (
    <section aria-labelledby="tl-h">
      <h1 id="tl-h">{t('timeline.title')}</h1>
      <p class="muted">{t('timeline.help')}</p>
      {bars.length === 0 ? (
        <p class="muted">{t('timeline.empty')}</p>
      ) : (
        <>
          <div class="toolbar" role="toolbar" aria-label={t('timeline.chart')}>
            <button type="button" class="secondary" onClick={() => zoom(1 / 1.6)} aria-label={t('timeline.zoomIn')}>
              + <span class="label">{t('timeline.zoomIn')}</span>
            </button>
            <button type="button" class="secondary" onClick={() => zoom(1.6)} aria-label={t('timeline.zoomOut')}>
              − <span class="label">{t('timeline.zoomOut')}</span>
            </button>
            <button type="button" class="secondary" onClick={() => setDomain(full.current)}>
              {t('timeline.reset')}
            </button>
          </div>
          <div
            class="chart timeline"
            tabIndex={0}
            role="group"
            aria-label={t('timeline.chart')}
            onKeyDown={(e) => {
              if (e.key === 'ArrowLeft') pan(-0.1);
              else if (e.key === 'ArrowRight') pan(0.1);
              else if (e.key === '+' || e.key === '=') zoom(1 / 1.6);
              else if (e.key === '-' || e.key === '_') zoom(1.6);
              else if (e.key === '0') setDomain(full.current);
              else return;
              e.preventDefault();
            }}
          >
            <svg
              ref={svgRef}
              viewBox={`0 0 ${W} ${H}`}
              width="100%"
              role="img"
              aria-label={t('timeline.chart')}
              onWheel={(e) => {
                e.preventDefault();
                const rect = svgRef.current!.getBoundingClientRect();
                const px = ((e.clientX - rect.left) * W) / rect.width;
                const centre = px > LABEL_W ? lo + ((px - LABEL_W) / (W - LABEL_W - 10)) * (hi - lo) : (lo + hi) / 2;
                zoom(e.deltaY > 0 ? 1.25 : 0.8, centre);
              }}
              onPointerDown={(e) => {
                drag.current = { x: e.clientX, domain: [lo, hi] };
                (e.currentTarget as Element).setPointerCapture(e.pointerId);
              }}
              onPointerMove={(e) => {
                if (!drag.current) return;
                const d = pxToDays(e.clientX - drag.current.x);
                setDomain([drag.current.domain[0] - d, drag.current.domain[1] - d]);
              }}
              onPointerUp={() => (drag.current = null)}
            >
              <defs>
                <clipPath id="tl-plot">
                  <rect x={LABEL_W} y={0} width={W - LABEL_W} height={H} />
                </clipPath>
                <linearGradient id="tl-open-end" x1="0" x2="1">
                  <stop offset="0" stop-color="var(--accent)" stop-opacity="0.55" />
                  <stop offset="1" stop-color="var(--accent)" stop-opacity="0" />
                </linearGradient>
                <linearGradient id="tl-open-start" x1="1" x2="0">
                  <stop offset="0" stop-color="var(--accent)" stop-opacity="0.55" />
                  <stop offset="1" stop-color="var(--accent)" stop-opacity="0" />
                </linearGradient>
              </defs>
              <g class="axis" clip-path="url(#tl-plot)">
                {ticks(lo, hi, lang).map((tk) => (
                  <g>
                    <line x1={x(tk.day)} x2={x(tk.day)} y1={TOP - 8} y2={H} />
                    <text x={x(tk.day) + 3} y={TOP - 14}>
                      {tk.label}
                    </text>
                  </g>
                ))}
              </g>
              {bars.map((bar, i) => {
                const y = TOP + i * ROW;
                const a = bar.a ?? lo - 1e6;
                const b = (bar.b ?? hi + 1e6) + 1;
                const x0 = Math.max(x(a), LABEL_W - 2);
                const x1 = Math.min(x(b), W + 2);
                const width = Math.max(x1 - x0, 3);
                const outside = b < lo || a > hi;
                const fill = bar.a === null ? 'url(#tl-open-start)' : bar.b === null ? 'url(#tl-open-end)' : 'var(--accent)';
                return (
                  <a href={href(['r', 'event', bar.ev.id])} class="tl-row" data-id={bar.ev.id}>
                    <title>{`${bar.ev.title} — ${describeEdtf(bar.ev.edtf, lang)} (${bar.ev.edtf})`}</title>
                    <rect class="tl-band" x={0} y={y} width={W} height={ROW} />
                    <text class="tl-label" x={8} y={y + ROW / 2 + 5}>
                      {bar.ev.title.length > 34 ? bar.ev.title.slice(0, 33) + '…' : bar.ev.title}
                    </text>
                    <g clip-path="url(#tl-plot)">
                      {!outside && <rect class="tl-bar" x={x0} y={y + 7} width={width} height={ROW - 14} rx={3} fill={fill} />}
                    </g>
                  </a>
                );
              })}
            </svg>
          </div>
        </>
      )}
      <table class="data">
        <thead>
          <tr>
            <th scope="col">{t('kind.event')}</th>
            <th scope="col">{t('field.dates')}</th>
          </tr>
        </thead>
        <tbody>
          {bars.map((b) => (
            <tr>
              <td>
                <a href={href(['r', 'event', b.ev.id])}>{b.ev.title}</a>
              </td>
              <td>
                {describeEdtf(b.ev.edtf, lang)} <code>{b.ev.edtf}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
