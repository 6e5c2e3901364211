import { useEffect, useState } from 'preact/hooks';
import { type Kind, type ListPage, type Rec, api, recordLabel } from '../lib/api';
import { useApp, vocabLabel } from '../lib/context';
import { describeEdtf } from '../lib/format';
import type { Key } from '../lib/i18n';
import { href } from '../lib/router';
import { CODED_KINDS } from '../lib/specs';
import { ErrorBox, Loading } from '../components/widgets';

function summary(app: ReturnType<typeof useApp>, r: Rec): string {
  const parts: string[] = [];
  if (r.kind === 'act' && r.type) parts.push(vocabLabel(app, 'act_types', r.type));
  if (r.kind === 'post' && r.role) parts.push(vocabLabel(app, 'post_roles', r.role));
  const date = r.dates?.[0]?.edtf ?? r.start;
  if (date) parts.push(describeEdtf(date, app.lang));
  if (r.names?.length > 1) parts.push(r.names.slice(1).map((n: any) => n.text).join(' · '));
  return parts.join(' — ');
}

export function Records(props: { kind: Kind }) {
  const app = useApp();
  const { t, lang } = app;
  const [items, setItems] = useState<Rec[] | null>(null);
  const [page, setPage] = useState<ListPage | null>(null);
  const [q, setQ] = useState('');
  const [error, setError] = useState<unknown>(null);
  function load(cursor: string | null) {
    api.list(props.kind, { limit: 50, cursor, q: q || undefined }).then((p) => {
      setPage(p);
      setItems((old) => (cursor ? [...(old ?? []), ...p.items] : p.items));
    }, setError);
  }
  useEffect(() => {
    setItems(null);
    setError(null);
    load(null);
  }, [props.kind, q]);
  return (
    <section aria-labelledby="records-h">
      <div class="page-head">
        <h1 id="records-h">{t('records.title')}</h1>
        <a class="button primary" href={href(['new', props.kind])}>
          {t('form.new', { kind: t(`kind.${props.kind}` as Key) })}
        </a>
      </div>
      <p class="muted">{t('records.intro')}</p>
      <nav class="tabs" aria-label={t('records.title')}>
        {CODED_KINDS.map((k) => (
          <a href={href(['records', k])} aria-current={k === props.kind ? 'page' : undefined}>
            {t(`kinds.${k}` as Key)}
          </a>
        ))}
      </nav>
      <label class="filter">
        <span>{t('common.filter')}</span>
        <input type="search" value={q} onInput={(e) => setQ((e.target as HTMLInputElement).value)} />
      </label>
      <ErrorBox error={error} />
      {!items && !error && <Loading />}
      {items && items.length === 0 && <p class="muted">{t('records.empty')}</p>}
      {page && <p class="muted small">{t('common.total', { count: page.total })}</p>}
      <ul class="record-list">
        {(items ?? []).map((r) => (
          <li>
            <a href={href(['r', props.kind, r.id])}>{recordLabel(r, lang)}</a>
            <span class="muted small"> {summary(app, r)}</span>
          </li>
        ))}
      </ul>
      {page?.next_cursor && (
        <button type="button" class="secondary" onClick={() => load(page.next_cursor)}>
          {t('common.more')}
        </button>
      )}
    </section>
  );
}
