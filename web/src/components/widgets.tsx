import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';
import { type Kind, type Rec, recordLabel } from '../lib/api';
import { useRecords } from '../lib/cache';
import { useApp, vocabLabel } from '../lib/context';
import { tryParseEdtf } from '../lib/edtf';
import { describeEdtf, describeSpan, formatCount } from '../lib/format';
import type { Key } from '../lib/i18n';
import { ENUMS } from '../lib/specs';
import { href } from '../lib/router';

export function Field(props: { label: string; help?: string; children: (id: string) => ComponentChildren; required?: boolean }) {
  const id = useId();
  return (
    <div class="field">
      <label for={id}>
        {props.label}
        {props.required && <span aria-hidden="true"> *</span>}
      </label>
      {props.children(id)}
      {props.help && <p class="help">{props.help}</p>}
    </div>
  );
}

/** An EDTF text box with the words of what it means, live. */
export function EdtfInput(props: { id?: string; value: string; onInput: (v: string) => void; label?: string; name?: string; compact?: boolean }) {
  const { t, lang } = useApp();
  const parsed = props.value.trim() ? tryParseEdtf(props.value) : null;
  const helpId = useId();
  return (
    <div class="edtf">
      <input
        id={props.id}
        name={props.name}
        value={props.value}
        aria-label={props.label}
        aria-describedby={helpId}
        aria-invalid={props.value.trim() !== '' && !parsed}
        placeholder={props.compact ? '2016' : '2016-08-21/2016-08-31'}
        spellcheck={false}
        autocomplete="off"
        onInput={(e) => props.onInput((e.target as HTMLInputElement).value)}
      />
      <p class={`edtf-words ${props.value.trim() && !parsed ? 'invalid' : ''}`} id={helpId} aria-live="polite" data-testid="edtf-words">
        {!props.value.trim()
          ? props.compact
            ? ''
            : t('edtf.help')
          : parsed
            ? `${t('edtf.means', { words: describeEdtf(parsed, lang) })} · ${describeSpan(parsed, lang)}`
            : t('edtf.invalid')}
      </p>
    </div>
  );
}

export function EnumSelect(props: { id?: string; group: string; value: string; onChange: (v: string) => void; required?: boolean; label?: string }) {
  const { t } = useApp();
  return (
    <select id={props.id} aria-label={props.label} value={props.value} onChange={(e) => props.onChange((e.target as HTMLSelectElement).value)}>
      {!props.required && <option value="">{t('form.choose')}</option>}
      {props.required && !props.value && <option value="">{t('form.choose')}</option>}
      {(ENUMS[props.group] ?? []).map((v) => (
        <option value={v}>{t(`enum.${props.group}.${v}` as Key)}</option>
      ))}
    </select>
  );
}

export function RefSelect(props: { id?: string; kind: Kind; value: string; onChange: (v: string) => void; label?: string; exclude?: string }) {
  const { t, lang } = useApp();
  const list = useRecords(props.kind);
  const known = list?.some((r) => r.id === props.value);
  return (
    <select
      id={props.id}
      aria-label={props.label}
      value={props.value}
      data-kind={props.kind}
      onChange={(e) => props.onChange((e.target as HTMLSelectElement).value)}
    >
      <option value="">{list ? t('form.choose') : t('common.loading')}</option>
      {props.value && !known && <option value={props.value}>{props.value}</option>}
      {(list ?? [])
        .filter((r) => r.id !== props.exclude)
        .map((r) => (
          <option value={r.id}>{`${recordLabel(r, lang)}${recordLabel(r, lang) === r.id ? '' : ` (${r.id})`}`}</option>
        ))}
    </select>
  );
}

export function VocabSelect(props: { id?: string; table: 'act_types' | 'post_roles'; value: string; onChange: (v: string) => void; label?: string }) {
  const app = useApp();
  const entries = app.vocab?.[props.table] ?? [];
  const groups = [...new Set(entries.map((e) => e.group ?? ''))];
  const opt = (code: string) => <option value={code}>{vocabLabel(app, props.table, code)}</option>;
  return (
    <select id={props.id} aria-label={props.label} value={props.value} onChange={(e) => props.onChange((e.target as HTMLSelectElement).value)}>
      <option value="">{app.t('form.choose')}</option>
      {props.value && !entries.some((e) => e.code === props.value) && opt(props.value)}
      {groups.length > 1
        ? groups.map((g) => <optgroup label={g.replace(/_/g, ' ')}>{entries.filter((e) => e.group === g).map((e) => opt(e.code))}</optgroup>)
        : entries.map((e) => opt(e.code))}
    </select>
  );
}

/** A link to a record, labelled with its title or name when the kind's list is loaded. */
export function RecordLink(props: { kind: Kind; id: string }) {
  const { lang } = useApp();
  const list = useRecords(props.kind);
  const r = list?.find((x: Rec) => x.id === props.id);
  return <a href={href(['r', props.kind, props.id])}>{r ? recordLabel(r, lang) : props.id}</a>;
}

export function EdtfText(props: { value: string }) {
  const { lang } = useApp();
  return (
    <span class="edtf-text">
      <span>{describeEdtf(props.value, lang)}</span> <code>{props.value}</code>
    </span>
  );
}

export function CountText(props: { value: any }) {
  const { lang } = useApp();
  return <span class="count">{formatCount(props.value, lang)}</span>;
}

export function ErrorBox(props: { error: unknown }) {
  const { t } = useApp();
  if (!props.error) return null;
  const message = props.error instanceof Error ? props.error.message : String(props.error);
  return (
    <p class="error" role="alert">
      {t('common.error', { message })}
    </p>
  );
}

export function Loading() {
  const { t } = useApp();
  return <p class="muted">{t('common.loading')}</p>;
}
