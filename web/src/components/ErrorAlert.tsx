import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage, requestIdOf } from './errors';

/** ErrorAlert shows an API error as a readable message, with its request ID and a retry. */
export function ErrorAlert({ error, title, onRetry }: { error: unknown; title?: string; onRetry?: () => void }) {
  const { t } = useTranslation();
  const rid = requestIdOf(error);
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={title ?? t('common.loadFailed')}
      description={
        <>
          <div>{errorMessage(t, error)}</div>
          {rid && <div style={{ fontSize: 12, opacity: 0.75 }}>{t('common.requestId', { id: rid })}</div>}
        </>
      }
      action={onRetry && <Button onClick={onRetry}>{t('app.retry')}</Button>}
      style={{ marginBottom: 16 }}
    />
  );
}
