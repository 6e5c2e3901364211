// Lists of records per kind, loaded once and shared by pickers and labels;
// invalidated whenever a record of that kind is saved or deleted.
import { useEffect, useState } from 'preact/hooks';
import { type Kind, type Rec, listAll } from './api';

const cache = new Map<Kind, Promise<Rec[]>>();
const listeners = new Set<() => void>();

export function records(kind: Kind): Promise<Rec[]> {
  let p = cache.get(kind);
  if (!p) {
    p = listAll(kind).catch((e) => {
      cache.delete(kind);
      throw e;
    });
    cache.set(kind, p);
  }
  return p;
}

export function invalidate(kind?: Kind): void {
  if (kind) cache.delete(kind);
  else cache.clear();
  for (const fn of listeners) fn();
}

export function useRecords(kind: Kind | null | undefined): Rec[] | null {
  const [list, setList] = useState<Rec[] | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const on = () => setVersion((v) => v + 1);
    listeners.add(on);
    return () => void listeners.delete(on);
  }, []);
  useEffect(() => {
    if (!kind) return;
    let live = true;
    records(kind)
      .then((l) => live && setList(l))
      .catch(() => live && setList([]));
    return () => {
      live = false;
    };
  }, [kind, version]);
  return list;
}
