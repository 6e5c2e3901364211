import { useState } from 'preact/hooks';
import { ApiError, type Session, api } from '../lib/api';
import { useApp } from '../lib/context';

export function Login(props: { onLogin: (s: Session) => void; expired?: boolean }) {
  const { t } = useApp();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(props.expired ? t('auth.expired') : null);
  const [busy, setBusy] = useState(false);
  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      props.onLogin(await api.login(username, password));
    } catch (err) {
      if (err instanceof ApiError && err.status === 429) setError(t('auth.rateLimited'));
      else if (err instanceof ApiError && err.status === 401) setError(t('auth.failed'));
      else setError(t('common.error', { message: String((err as Error).message ?? err) }));
      setPassword('');
    } finally {
      setBusy(false);
    }
  }
  return (
    <form class="login card" onSubmit={submit} aria-labelledby="login-h">
      <h1 id="login-h">{t('auth.title')}</h1>
      <p class="muted">{t('auth.intro')}</p>
      <div class="field">
        <label for="username">{t('auth.username')}</label>
        <input id="username" name="username" autocomplete="username" required value={username} onInput={(e) => setUsername((e.target as HTMLInputElement).value)} />
      </div>
      <div class="field">
        <label for="password">{t('auth.password')}</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required value={password} onInput={(e) => setPassword((e.target as HTMLInputElement).value)} />
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" class="primary" disabled={busy}>
        {t('auth.login')}
      </button>
    </form>
  );
}
