import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Card, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { api, must } from '../api/client';
import { applyLanguage, meKey, useMe } from '../auth/session';
import { languages } from '../i18n';
import { LoginForm, type Credentials } from './LoginForm';

export function LoginPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const qc = useQueryClient();
  const me = useMe();
  const from = (location.state as { from?: string } | null)?.from ?? '/';
  const login = useMutation({
    mutationFn: async (c: Credentials) => must(await api.POST('/api/v1/auth/login', { body: c })),
    onSuccess: async (r) => {
      applyLanguage(r.user.locale);
      await qc.invalidateQueries({ queryKey: meKey });
      await qc.invalidateQueries({ queryKey: ['modules'] });
      navigate(from, { replace: true });
    },
  });
  if (me.data) return <Navigate to={from} replace />;
  return (
    <main style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f0f2f5' }}>
      <Card style={{ width: 380 }}>
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 16 }}>
          <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
            {t('login.title')}
          </Typography.Title>
          <Select
            aria-label={t('header.language')}
            size="small"
            value={i18n.language}
            onChange={(l) => applyLanguage(l)}
            options={languages.map((l) => ({ value: l.code, label: l.label }))}
            style={{ width: 100 }}
          />
        </div>
        <LoginForm onSubmit={(c) => login.mutate(c)} pending={login.isPending} error={login.error ?? undefined} />
      </Card>
    </main>
  );
}
