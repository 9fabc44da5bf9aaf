import { Button, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/ErrorAlert';

export interface Credentials {
  email: string;
  password: string;
}

/** LoginForm is the sign-in form; the caller does the request. */
export function LoginForm({ onSubmit, pending, error }: { onSubmit: (c: Credentials) => void; pending?: boolean; error?: unknown }) {
  const { t } = useTranslation();
  return (
    <Form<Credentials> layout="vertical" onFinish={onSubmit} requiredMark={false} disabled={pending}>
      {error !== undefined && error !== null && <ErrorAlert error={error} title={t('login.failed')} />}
      <Form.Item label={t('login.email')} name="email" rules={[{ required: true, message: t('login.emailRequired') }]}>
        <Input type="email" autoComplete="username" autoFocus />
      </Form.Item>
      <Form.Item label={t('login.password')} name="password" rules={[{ required: true, message: t('login.passwordRequired') }]}>
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" block loading={pending}>
        {t('login.submit')}
      </Button>
    </Form>
  );
}
