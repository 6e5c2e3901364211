import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { type Kind, KINDS, type Rec, type Session, type Vocabulary, api, setCsrfToken, setUnauthorizedHandler } from './lib/api';
import { invalidate } from './lib/cache';
import { AppContext, type AppState } from './lib/context';
import { LANG_NAMES, LANGS, type Lang, isLang, translator } from './lib/i18n';
import { href, useRoute } from './lib/router';
import { CODED_KINDS } from './lib/specs';
import { RecordForm } from './components/RecordForm';
import { RecordView } from './components/RecordView';
import { ErrorBox, Loading } from './components/widgets';
import { caseRights } from './lib/casework';
import { recordRights } from './lib/review';
import { CaseView } from './views/Case';
import { CaseIntake, CaseworkBoard } from './views/Casework';
import { Chain } from './views/Chain';
import { Login } from './views/Login';
import { MapView } from './views/Map';
import { Records } from './views/Records';
import { ReportIntake, ReportList } from './views/Reports';
import { Review } from './views/Review';
import { Search } from './views/Search';
import { Timeline } from './views/Timeline';

function initialLang(): Lang {
  const saved = localStorage.getItem('chorus.lang');
  if (isLang(saved)) return saved;
  const nav = (navigator.language || 'en').slice(0, 2);
  return isLang(nav) ? nav : 'en';
}

const isKind = (k: string | undefined): k is Kind => !!k && (KINDS as readonly string[]).includes(k);

function EditRecord(props: { kind: Kind; id: string }) {
  const [rec, setRec] = useState<Rec | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api.get(props.kind, props.id).then((d) => setRec(d.record), setError);
  }, [props.kind, props.id]);
  if (error) return <ErrorBox error={error} />;
  if (!rec) return <Loading />;
  return <RecordForm kind={props.kind} record={rec} />;
}

export function App() {
  const [lang, setLang] = useState<Lang>(initialLang);
  const [session, setSession] = useState<Session | null>(null);
  const [checked, setChecked] = useState(false);
  const [expired, setExpired] = useState(false);
  const [vocab, setVocab] = useState<Vocabulary | null>(null);
  const route = useRoute();

  useEffect(() => {
    setUnauthorizedHandler(() => {
      setSession(null);
      setExpired(true);
    });
    api
      .session()
      .then((s) => {
        setCsrfToken(s.csrf_token);
        setSession(s);
      })
      .catch(() => setSession(null))
      .finally(() => setChecked(true));
  }, []);

  useEffect(() => {
    if (session) api.vocabulary().then(setVocab, () => setVocab({ act_types: [], post_roles: [] }));
  }, [session]);

  useEffect(() => {
    document.documentElement.lang = lang;
    localStorage.setItem('chorus.lang', lang);
  }, [lang]);

  const state: AppState = useMemo(() => ({ lang, t: translator(lang), user: session?.user ?? null, vocab }), [lang, session, vocab]);
  const { t } = state;

  useEffect(() => {
    document.title = `${t('app.name')} · ${t('app.tagline')}`;
  }, [lang]);

  // Move focus to the main heading after navigation (keyboard and screen
  // readers), not on the first load: Tab then starts at the skip link.
  const firstRoute = useRef(true);
  useEffect(() => {
    if (firstRoute.current) {
      firstRoute.current = false;
      return;
    }
    const id = setTimeout(() => {
      const h = document.querySelector<HTMLElement>('main h1');
      if (h && document.activeElement === document.body) {
        h.tabIndex = -1;
        h.focus({ preventScroll: true });
      }
    }, 50);
    return () => clearTimeout(id);
  }, [route.path.join('/')]);

  function onLogin(s: Session) {
    setCsrfToken(s.csrf_token);
    setExpired(false);
    invalidate();
    setSession(s);
    if (!location.hash || location.hash === '#/' || location.hash === '#/login') {
      // A caseworker's work is the queue; everyone else starts with the reports.
      location.hash = s.user.role === 'caseworker' ? '#/casework' : '#/reports';
    }
  }

  async function logout() {
    try {
      await api.logout();
    } catch {
      /* the session is gone either way */
    }
    setCsrfToken('');
    invalidate();
    setSession(null);
    setExpired(false);
    location.hash = '#/login';
  }

  const [p0, p1, p2, p3] = route.path;
  let page: preact.ComponentChildren;
  if (!session) {
    page = checked ? <Login onLogin={onLogin} expired={expired} /> : <Loading />;
  } else if (!p0 || p0 === 'reports' || p0 === 'login') {
    page = p1 === 'new' ? <ReportIntake /> : <ReportList />;
  } else if (p0 === 'records') {
    page = <Records kind={isKind(p1) ? p1 : 'event'} />;
  } else if (p0 === 'r' && isKind(p1) && p2) {
    page = p3 === 'edit' ? <EditRecord kind={p1} id={p2} key={`${p1}/${p2}/edit`} /> : <RecordView kind={p1} id={p2} saved={route.query.get('saved') === '1'} key={`${p1}/${p2}`} />;
  } else if (p0 === 'new' && isKind(p1)) {
    page = p1 === 'report' ? <ReportIntake /> : <RecordForm kind={p1} key={`new/${p1}/${route.query}`} prefill={Object.fromEntries(route.query)} />;
  } else if (p0 === 'search') {
    page = <Search query={route.query} />;
  } else if (p0 === 'timeline') {
    page = <Timeline />;
  } else if (p0 === 'chain') {
    page = <Chain query={route.query} />;
  } else if (p0 === 'map') {
    page = <MapView />;
  } else if (p0 === 'review') {
    page = <Review query={route.query} />;
  } else if (p0 === 'casework') {
    page = p1 === 'new' ? <CaseIntake /> : <CaseworkBoard />;
  } else if (p0 === 'case' && p1) {
    page = <CaseView id={p1} notice={route.query.get('done')} key={p1} />;
  } else {
    page = <p>{t('common.notFound')}</p>;
  }

  const nav: [string, string, string[]][] = [
    ['reports', t('nav.reports'), ['reports', 'login', '']],
    ['records/event', t('nav.records'), ['records', 'new']],
    ['search', t('nav.search'), ['search']],
    ['timeline', t('nav.timeline'), ['timeline']],
    ['chain', t('nav.chain'), ['chain']],
    ['map', t('nav.map'), ['map']],
  ];
  // Review reads records; deciding is for roles that change them (the view says so).
  if (recordRights(session?.user.role).read) nav.push(['review', t('nav.review'), ['review']]);
  // Casework is for caseworkers and administrators; the server refuses others.
  if (caseRights(session?.user.role).read) nav.push(['casework', t('nav.casework'), ['casework', 'case']]);
  const current = (sections: string[]) =>
    sections.includes(p0 ?? '') || (p0 === 'r' && ((sections.includes('reports') && p1 === 'report') || (sections.includes('records') && CODED_KINDS.includes(p1 as Kind))));

  return (
    <AppContext.Provider value={state}>
      <a class="skip" href="#main" onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}>
        {t('nav.skip')}
      </a>
      <header class="top">
        <a class="brand" href={href(['reports'])}>
          <span class="logo" aria-hidden="true">
            ◐
          </span>{' '}
          {t('app.name')}
          <span class="tagline">{t('app.tagline')}</span>
        </a>
        {session && (
          <nav class="main-nav" aria-label={t('nav.main')}>
            {nav.map(([path, label, sections]) => (
              <a href={`#/${path}`} aria-current={current(sections) ? 'page' : undefined}>
                {label}
              </a>
            ))}
          </nav>
        )}
        <div class="user">
          <label class="lang">
            <span class="visually-hidden">{t('lang.label')}</span>
            <select id="lang" aria-label={t('lang.label')} value={lang} onChange={(e) => setLang((e.target as HTMLSelectElement).value as Lang)}>
              {LANGS.map((l) => (
                <option value={l} lang={l}>
                  {LANG_NAMES[l]}
                </option>
              ))}
            </select>
          </label>
          {session && (
            <>
              <span class="who small" title={t('auth.signedInAs', { name: session.user.name, role: session.user.role })}>
                {session.user.name}
              </span>
              <button type="button" class="secondary" onClick={logout}>
                {t('auth.logout')}
              </button>
            </>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {page}
      </main>
    </AppContext.Provider>
  );
}
