// Hash routing: the server answers every non-/api path with index.html, and
// a hash route works from any of them ("#/r/event/evt-1").
import { useEffect, useState } from 'preact/hooks';

export interface Route {
  path: string[]; // "#/r/event/x" -> ["r", "event", "x"]
  query: URLSearchParams;
}

export function parseHash(hash: string): Route {
  const h = hash.replace(/^#\/?/, '');
  const [p, q = ''] = h.split('?');
  return { path: p.split('/').filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(q) };
}

export function href(path: (string | number)[], query?: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== '') q.set(k, v);
  const qs = q.toString();
  return '#/' + path.map((s) => encodeURIComponent(String(s))).join('/') + (qs ? `?${qs}` : '');
}

export function navigate(path: (string | number)[], query?: Record<string, string | undefined>): void {
  location.hash = href(path, query);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const on = () => setRoute(parseHash(location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}
