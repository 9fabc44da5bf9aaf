import { Button, List, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { PartyDuplicate } from '../../api/types';
import { StatusTag } from '../../components/StatusTag';

/** DuplicateList lists parties that look like the one on screen, each with why. */
export function DuplicateList({ items, onMerge, merging }: { items: PartyDuplicate[]; onMerge?: (d: PartyDuplicate) => void; merging?: string }) {
  const { t } = useTranslation();
  return (
    <List
      size="small"
      dataSource={items}
      renderItem={(d) => (
        <List.Item
          actions={[
            <Link key="open" to={`/customers/${d.id}`}>
              {t('customers.openExisting')}
            </Link>,
            ...(onMerge
              ? [
                  <Button key="merge" size="small" loading={merging === d.id} onClick={() => onMerge(d)}>
                    {t('customers.merge')}
                  </Button>,
                ]
              : []),
          ]}
        >
          <Space direction="vertical" size={0}>
            <span>
              <Typography.Text strong>{d.code}</Typography.Text> {d.legal_name}{' '}
              <StatusTag tone={d.likely ? 'orange' : 'grey'}>{t('customers.score', { score: d.score })}</StatusTag>
            </span>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {(d.reasons ?? []).map((r) => r.detail).join(' · ')}
            </Typography.Text>
          </Space>
        </List.Item>
      )}
    />
  );
}
