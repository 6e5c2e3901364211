import { useState } from 'preact/hooks';
import { type Kind, type Rec, ApiError, api, newId } from '../lib/api';
import { invalidate } from '../lib/cache';
import { useApp } from '../lib/context';
import type { Key } from '../lib/i18n';
import { navigate } from '../lib/router';
import { type FieldSpec, SPECS, cleanRecord } from '../lib/specs';
import { EdtfInput, EnumSelect, Field, RefSelect, VocabSelect } from './widgets';

type Values = Record<string, any>;

function initialValues(kind: Kind, record: Rec | null, prefill: Record<string, string>): Values {
  const v: Values = {};
  for (const spec of SPECS[kind]) {
    const have = record?.[spec.name];
    if (have !== undefined) v[spec.name] = spec.name === 'credibility' ? String(have) : have;
    else if (['dates', 'places', 'counts', 'names', 'reports', 'related'].includes(spec.type)) v[spec.name] = [];
    else if (spec.type === 'bool') v[spec.name] = false;
    else v[spec.name] = '';
  }
  if (!record) {
    for (const [k, val] of Object.entries(prefill)) {
      if (k === 'report') {
        if ('reports' in v) v.reports = [val];
        if (kind === 'file') v.report = val;
      } else if (k in v && typeof v[k] === 'string') v[k] = val;
    }
    if (kind === 'source' && !v.reliability) v.reliability = 'F';
    if (kind === 'involvement' && !v.role) v.role = 'victim';
  }
  return v;
}

function ListEditor<T>(props: {
  items: T[];
  onChange: (items: T[]) => void;
  blank: () => T;
  addLabel: Key;
  render: (item: T, set: (item: T) => void, index: number) => any;
}) {
  const { t } = useApp();
  return (
    <div class="list-editor">
      {props.items.map((item, i) => (
        <div class="list-row" key={i}>
          {props.render(item, (next) => props.onChange(props.items.map((x, j) => (j === i ? next : x))), i)}
          <button type="button" class="link danger" onClick={() => props.onChange(props.items.filter((_, j) => j !== i))}>
            {t('common.remove')}
          </button>
        </div>
      ))}
      <button type="button" class="secondary" onClick={() => props.onChange([...props.items, props.blank()])}>
        {t(props.addLabel)}
      </button>
    </div>
  );
}

function num(s: string): number | undefined {
  if (s.trim() === '') return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

function FieldEditor(props: { spec: FieldSpec; value: any; set: (v: any) => void; values: Values; selfId: string }) {
  const app = useApp();
  const { t } = app;
  const { spec, value, set, values } = props;
  const label = t(spec.label);
  const defaultReport = (values.reports as string[] | undefined)?.[0] ?? '';
  const reportCell = (item: any, setItem: (x: any) => void) => (
    <label class="inline">
      <span>{t('field.report')}</span>
      <RefSelect kind="report" value={item.report ?? ''} onChange={(r) => setItem({ ...item, report: r })} />
    </label>
  );
  switch (spec.type) {
    case 'text':
    case 'int':
    case 'number':
      return (
        <Field label={label} required={spec.required}>
          {(id) => (
            <input
              id={id}
              name={spec.name}
              type={spec.type === 'text' ? 'text' : 'number'}
              step={spec.type === 'number' ? 'any' : '1'}
              value={value ?? ''}
              required={spec.required}
              onInput={(e) => {
                const s = (e.target as HTMLInputElement).value;
                set(spec.type === 'text' ? s : s === '' ? '' : Number(s));
              }}
            />
          )}
        </Field>
      );
    case 'textarea':
      return (
        <Field label={label} required={spec.required}>
          {(id) => <textarea id={id} name={spec.name} rows={spec.name === 'text' ? 12 : 4} value={value ?? ''} onInput={(e) => set((e.target as HTMLTextAreaElement).value)} />}
        </Field>
      );
    case 'enum':
      return (
        <Field label={label} required={spec.required}>
          {(id) => <EnumSelect id={id} group={spec.group!} value={value ?? ''} onChange={set} required={spec.required} />}
        </Field>
      );
    case 'ref':
      return (
        <Field label={label} required={spec.required}>
          {(id) => <RefSelect id={id} kind={spec.ref!} value={value ?? ''} onChange={set} exclude={props.selfId} />}
        </Field>
      );
    case 'act_type':
      return (
        <Field label={label} required={spec.required}>
          {(id) => <VocabSelect id={id} table="act_types" value={value ?? ''} onChange={set} />}
        </Field>
      );
    case 'post_role':
      return (
        <Field label={label}>
          {(id) => <VocabSelect id={id} table="post_roles" value={value ?? ''} onChange={set} />}
        </Field>
      );
    case 'edtf':
      return (
        <Field label={label}>
          {(id) => <EdtfInput id={id} name={spec.name} value={value ?? ''} onInput={set} />}
        </Field>
      );
    case 'bool':
      return (
        <div class="field checkbox">
          <label>
            <input type="checkbox" checked={!!value} onChange={(e) => set((e.target as HTMLInputElement).checked)} /> {label}
          </label>
        </div>
      );
    case 'reports':
      return (
        <fieldset class="field" data-field={spec.name}>
          <legend>{label}</legend>
          <ListEditor<string>
            items={value ?? []}
            onChange={set}
            blank={() => ''}
            addLabel="form.addReport"
            render={(item, setItem) => <RefSelect kind="report" label={t('field.report')} value={item} onChange={setItem} />}
          />
        </fieldset>
      );
    case 'dates':
      return (
        <fieldset class="field" data-field={spec.name}>
          <legend>{label}</legend>
          <ListEditor<any>
            items={value ?? []}
            onChange={set}
            blank={() => ({ report: defaultReport, edtf: '' })}
            addLabel="form.addDate"
            render={(item, setItem) => (
              <>
                {reportCell(item, setItem)}
                <label class="inline grow">
                  <span>{t('field.edtf')}</span>
                  <EdtfInput name="edtf" value={item.edtf ?? ''} onInput={(v) => setItem({ ...item, edtf: v })} />
                </label>
              </>
            )}
          />
        </fieldset>
      );
    case 'places':
      return (
        <fieldset class="field" data-field={spec.name}>
          <legend>{label}</legend>
          <ListEditor<any>
            items={value ?? []}
            onChange={set}
            blank={() => ({ report: defaultReport, place: '' })}
            addLabel="form.addPlace"
            render={(item, setItem) => (
              <>
                {reportCell(item, setItem)}
                <label class="inline grow">
                  <span>{t('field.place')}</span>
                  <RefSelect kind="place" value={item.place ?? ''} onChange={(p) => setItem({ ...item, place: p })} />
                </label>
              </>
            )}
          />
        </fieldset>
      );
    case 'related':
      return (
        <fieldset class="field" data-field={spec.name}>
          <legend>{label}</legend>
          <ListEditor<any>
            items={value ?? []}
            onChange={set}
            blank={() => ({ event: '', relation: 'follows' })}
            addLabel="form.addRelated"
            render={(item, setItem) => (
              <>
                <label class="inline grow">
                  <span>{t('field.event')}</span>
                  <RefSelect kind="event" value={item.event ?? ''} exclude={props.selfId} onChange={(ev) => setItem({ ...item, event: ev })} />
                </label>
                <label class="inline">
                  <span>{t('field.relation')}</span>
                  <EnumSelect group="relation" required value={item.relation ?? ''} onChange={(r) => setItem({ ...item, relation: r })} />
                </label>
              </>
            )}
          />
        </fieldset>
      );
    case 'counts':
      return (
        <fieldset class="field" data-field={spec.name}>
          <legend>{label}</legend>
          <p class="help">{t('form.countHelp')}</p>
          <ListEditor<any>
            items={value ?? []}
            onChange={set}
            blank={() => ({ report: defaultReport, min: '', max: '', best: '', unit: 'individuals', words: '' })}
            addLabel="form.addCount"
            render={(item, setItem) => (
              <>
                {reportCell(item, setItem)}
                {(['min', 'max', 'best'] as const).map((k) => (
                  <label class="inline narrow">
                    <span>{t(`field.${k}`)}</span>
                    <input
                      name={k}
                      type="number"
                      min="0"
                      step="1"
                      value={item[k] ?? ''}
                      onInput={(e) => setItem({ ...item, [k]: (e.target as HTMLInputElement).value })}
                    />
                  </label>
                ))}
                <label class="inline">
                  <span>{t('field.unit')}</span>
                  <EnumSelect group="unit" required value={item.unit ?? 'individuals'} onChange={(u) => setItem({ ...item, unit: u })} />
                </label>
                <label class="inline grow">
                  <span>{t('field.words')}</span>
                  <input name="words" value={item.words ?? ''} onInput={(e) => setItem({ ...item, words: (e.target as HTMLInputElement).value })} />
                </label>
              </>
            )}
          />
        </fieldset>
      );
    case 'names':
      return (
        <fieldset class="field" data-field={spec.name}>
          <legend>{label}</legend>
          <p class="help">{t('form.nameLanguageHelp')}</p>
          <ListEditor<any>
            items={value ?? []}
            onChange={set}
            blank={() => ({ text: '', language: app.lang === 'ko' ? 'ko-Hang' : app.lang === 'ru' ? 'ru-Cyrl' : 'en', reports: defaultReport ? [defaultReport] : [] })}
            addLabel="form.addName"
            render={(item, setItem) => (
              <>
                <label class="inline grow">
                  <span>{t('field.name_text')}</span>
                  <input name="name" value={item.text ?? ''} onInput={(e) => setItem({ ...item, text: (e.target as HTMLInputElement).value })} />
                </label>
                <label class="inline narrow">
                  <span>{t('field.name_language')}</span>
                  <input name="language" list="name-languages" value={item.language ?? ''} onInput={(e) => setItem({ ...item, language: (e.target as HTMLInputElement).value })} />
                </label>
                <label class="inline">
                  <span>{t('field.report')}</span>
                  <RefSelect kind="report" value={(item.reports ?? [])[0] ?? ''} onChange={(r) => setItem({ ...item, reports: r ? [r] : [] })} />
                </label>
              </>
            )}
          />
          <datalist id="name-languages">
            {['ko-Hang', 'ko-Latn', 'ru-Cyrl', 'en', 'zh-Hans'].map((l) => (
              <option value={l} />
            ))}
          </datalist>
        </fieldset>
      );
  }
}

function toRecord(kind: Kind, id: string, values: Values): Rec {
  const v: Values = { ...values };
  for (const spec of SPECS[kind]) {
    if (spec.type === 'counts') {
      v[spec.name] = (v[spec.name] as any[]).map((c) => {
        const out: any = { report: c.report, min: num(String(c.min)) ?? 0, unit: c.unit || 'individuals' };
        const max = num(String(c.max ?? ''));
        const best = num(String(c.best ?? ''));
        if (max !== undefined) out.max = max;
        if (best !== undefined) out.best = best;
        if (c.words) out.words = c.words;
        return out;
      });
    }
    if (spec.type === 'reports') v[spec.name] = (v[spec.name] as string[]).filter(Boolean);
    if (spec.type === 'names') {
      v[spec.name] = (v[spec.name] as any[])
        .filter((n) => n.text)
        .map((n) => (n.reports?.length ? n : { text: n.text, language: n.language }));
    }
  }
  return cleanRecord(kind, id, v) as Rec;
}

export function RecordForm(props: { kind: Kind; record?: Rec | null; prefill?: Record<string, string> }) {
  const { t } = useApp();
  const { kind } = props;
  const editing = !!props.record;
  const [values, setValues] = useState<Values>(() => initialValues(kind, props.record ?? null, props.prefill ?? {}));
  const [id, setId] = useState(props.record?.id ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const title = t(editing ? 'form.edit' : 'form.new', { kind: t(`kind.${kind}` as Key) });

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const firstName = values.names?.[0]?.text;
      const basis = values.title || values.label || values.pseudonym || firstName || values.name || '';
      const recordId = id.trim() || newId(kind, basis);
      const record = toRecord(kind, recordId, values);
      const saved = editing ? await api.update(kind, recordId, record) : await api.create(kind, record);
      invalidate(kind);
      navigate(['r', kind, saved?.record?.id ?? recordId], { saved: '1' });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="record-form card" onSubmit={submit} data-kind={kind} aria-labelledby="form-title">
      <h1 id="form-title">{title}</h1>
      {SPECS[kind].map((spec) => (
        <FieldEditor spec={spec} value={values[spec.name]} values={values} selfId={id} set={(v) => setValues((old) => ({ ...old, [spec.name]: v }))} />
      ))}
      <details class="field" open={editing}>
        <summary>{t('field.id')}</summary>
        <Field label={t('field.id')} help={t('form.idHelp')}>
          {(fid) => <input id={fid} name="id" value={id} readOnly={editing} pattern="[A-Za-z0-9._:\-]{1,128}" onInput={(e) => setId((e.target as HTMLInputElement).value)} />}
        </Field>
      </details>
      {error && (
        <p class="error" role="alert">
          {t('form.fieldError', { message: error })}
        </p>
      )}
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>
          {t('common.save')}
        </button>
        <button type="button" class="secondary" onClick={() => history.back()}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
