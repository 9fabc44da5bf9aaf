import { Card, Col, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../auth/session';
import { StatusTag } from '../../components/StatusTag';

/** ModulesCard shows which modules are switched on. */
export function ModulesCard() {
  const { t } = useTranslation();
  const { modules } = useSession();
  return (
    <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('home.modules')}</h2>}>
      <Row gutter={[12, 12]}>
        {modules.map((m) => (
          <Col key={m.module} xs={12} md={8} lg={6}>
            <span>{t(`modules.${m.module}`, { defaultValue: m.name })}</span>{' '}
            <StatusTag tone={m.enabled ? 'green' : 'grey'}>{m.enabled ? t('home.on') : t('home.off')}</StatusTag>
          </Col>
        ))}
      </Row>
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
        {t('home.alwaysOn')}
      </Typography.Paragraph>
    </Card>
  );
}
