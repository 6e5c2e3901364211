import { useEffect, useState } from 'preact/hooks';
import { type ListPage, type Rec, api, newId } from '../lib/api';
import { invalidate, useRecords } from '../lib/cache';
import { useApp } from '../lib/context';
import { describeEdtf } from '../lib/format';
import type { Key } from '../lib/i18n';
import { href, navigate } from '../lib/router';
import { EdtfInput, EnumSelect, ErrorBox, Field, Loading, RefSelect } from '../components/widgets';

export function ReportList() {
  const { t, lang } = useApp();
  const sources = useRecords('source');
  const [items, setItems] = useState<Rec[] | null>(null);
  const [page, setPage] = useState<ListPage | null>(null);
  const [q, setQ] = useState('');
  const [error, setError] = useState<unknown>(null);
  function load(cursor: string | null, query: string) {
    api.list('report', { limit: 50, cursor, q: query || undefined }).then((p) => {
      setPage(p);
      setItems((old) => (cursor ? [...(old ?? []), ...p.items] : p.items));
    }, setError);
  }
  useEffect(() => load(null, q), [q]);
  const pseudonym = (id: string) => sources?.find((s) => s.id === id)?.pseudonym ?? id;
  return (
    <section aria-labelledby="reports-h">
      <div class="page-head">
        <h1 id="reports-h">{t('reports.title')}</h1>
        <a class="button primary" href={href(['reports', 'new'])}>
          {t('reports.new')}
        </a>
      </div>
      <label class="filter">
        <span>{t('common.filter')}</span>
        <input type="search" value={q} onInput={(e) => setQ((e.target as HTMLInputElement).value)} />
      </label>
      <ErrorBox error={error} />
      {!items && !error && <Loading />}
      {items && items.length === 0 && <p class="muted">{t('reports.empty')}</p>}
      {page && <p class="muted small">{t('common.total', { count: page.total })}</p>}
      <ul class="report-list">
        {(items ?? []).map((r) => (
          <li>
            <a href={href(['r', 'report', r.id])} class="title">
              {r.title}
            </a>
            <div class="meta">
              <span class="tag">{t(`enum.report_type.${r.type}` as Key)}</span>
              {r.date && <span>{describeEdtf(r.date, lang)}</span>}
              <span>{t('reports.source', { source: pseudonym(r.source) })}</span>
              <span class="grade" title={t(`enum.credibility.${r.credibility}` as Key)}>
                {r.credibility}
              </span>
            </div>
            {r.text && <p class="excerpt">{String(r.text).slice(0, 220)}{String(r.text).length > 220 ? '…' : ''}</p>}
          </li>
        ))}
      </ul>
      {page?.next_cursor && (
        <button type="button" class="secondary" onClick={() => load(page.next_cursor, q)}>
          {t('common.more')}
        </button>
      )}
    </section>
  );
}

async function sha256Hex(buf: ArrayBuffer): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', buf);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

export function ReportIntake() {
  const { t, user } = useApp();
  const [title, setTitle] = useState('');
  const [type, setType] = useState('testimony');
  const [language, setLanguage] = useState('');
  const [text, setText] = useState('');
  const [date, setDate] = useState('');
  const [credibility, setCredibility] = useState('6');
  const [knowledge, setKnowledge] = useState('unknown');
  const [sourceMode, setSourceMode] = useState<'existing' | 'new'>('existing');
  const [sourceId, setSourceId] = useState('');
  const [pseudonym, setPseudonym] = useState('');
  const [reliability, setReliability] = useState('F');
  const [sourceType, setSourceType] = useState('person');
  const [files, setFiles] = useState<File[]>([]);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function submit(e: Event) {
    e.preventDefault();
    setError(null);
    try {
      setBusy(t('common.loading'));
      let source = sourceId;
      if (sourceMode === 'new') {
        source = newId('source', pseudonym);
        await api.create('source', { kind: 'source', id: source, pseudonym, type: sourceType, reliability });
        invalidate('source');
      }
      const id = newId('report', title);
      const record: Rec = { kind: 'report', id, title, type, source, credibility: Number(credibility), knowledge };
      if (language) record.language = language;
      if (date) record.date = date;
      if (text) record.text = text;
      record.received_at = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
      await api.create('report', record);
      if (files.length) setBusy(t('intake.hashing'));
      for (const f of files) {
        const sha256 = await sha256Hex(await f.arrayBuffer());
        await api.create('file', {
          kind: 'file',
          id: newId('file', f.name),
          report: id,
          name: f.name,
          media_type: f.type || 'application/octet-stream',
          sha256,
          size_bytes: f.size,
          derivation: 'original',
          received_at: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
          received_by: user?.name ?? '',
        });
      }
      invalidate('report');
      invalidate('file');
      navigate(['r', 'report', id], { saved: '1' });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  }

  return (
    <form class="card intake" onSubmit={submit} aria-labelledby="intake-h">
      <h1 id="intake-h">{t('intake.title')}</h1>
      <p class="muted">{t('intake.intro')}</p>
      <Field label={t('field.title')} required>
        {(id) => <input id={id} name="title" required value={title} onInput={(e) => setTitle((e.target as HTMLInputElement).value)} />}
      </Field>
      <Field label={t('intake.paste')}>
        {(id) => <textarea id={id} name="text" rows={14} value={text} onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} />}
      </Field>
      <div class="row">
        <Field label={t('field.type')}>{(id) => <EnumSelect id={id} group="report_type" required value={type} onChange={setType} />}</Field>
        <Field label={t('field.language')} help="en, ko, ru">
          {(id) => <input id={id} name="language" list="report-languages" value={language} onInput={(e) => setLanguage((e.target as HTMLInputElement).value)} />}
        </Field>
        <datalist id="report-languages">
          <option value="en" />
          <option value="ko" />
          <option value="ru" />
        </datalist>
      </div>
      <Field label={t('field.date')}>{(id) => <EdtfInput id={id} name="date" value={date} onInput={setDate} />}</Field>
      <fieldset class="field">
        <legend>{t('field.source')}</legend>
        <div class="radios" role="radiogroup">
          <label>
            <input type="radio" name="source-mode" checked={sourceMode === 'existing'} onChange={() => setSourceMode('existing')} /> {t('intake.sourceExisting')}
          </label>
          <label>
            <input type="radio" name="source-mode" checked={sourceMode === 'new'} onChange={() => setSourceMode('new')} /> {t('intake.sourceNew')}
          </label>
        </div>
        {sourceMode === 'existing' ? (
          <Field label={t('intake.sourceExisting')} required>
            {(id) => <RefSelect id={id} kind="source" value={sourceId} onChange={setSourceId} />}
          </Field>
        ) : (
          <div class="row">
            <Field label={t('intake.sourcePseudonym')} required>
              {(id) => <input id={id} name="pseudonym" required value={pseudonym} onInput={(e) => setPseudonym((e.target as HTMLInputElement).value)} />}
            </Field>
            <Field label={t('field.type')}>{(id) => <EnumSelect id={id} group="source_type" required value={sourceType} onChange={setSourceType} />}</Field>
            <Field label={t('field.reliability')}>{(id) => <EnumSelect id={id} group="reliability" required value={reliability} onChange={setReliability} />}</Field>
          </div>
        )}
      </fieldset>
      <div class="row">
        <Field label={t('field.credibility')}>{(id) => <EnumSelect id={id} group="credibility" required value={credibility} onChange={setCredibility} />}</Field>
        <Field label={t('field.knowledge')}>{(id) => <EnumSelect id={id} group="knowledge" required value={knowledge} onChange={setKnowledge} />}</Field>
      </div>
      <Field label={t('intake.attach')} help={t('intake.attachHelp')}>
        {(id) => <input id={id} type="file" multiple onChange={(e) => setFiles(Array.from((e.target as HTMLInputElement).files ?? []))} />}
      </Field>
      <ErrorBox error={error} />
      {busy && <p class="muted" role="status">{busy}</p>}
      <div class="actions">
        <button type="submit" class="primary" disabled={!!busy || (sourceMode === 'existing' && !sourceId)}>
          {t('intake.submit')}
        </button>
      </div>
    </form>
  );
}
