import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/** Pager is the Previous/Next pager of a cursor-paginated list. */
export function Pager(p: {
  page: number;
  hasPrev: boolean;
  hasNext: boolean;
  onPrev: () => void;
  onNext: () => void;
  limit: number;
  onLimit: (n: number) => void;
  loading?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Space style={{ marginTop: 16, width: '100%', justifyContent: 'flex-end' }} wrap>
      <Typography.Text type="secondary">{t('list.page', { n: p.page + 1 })}</Typography.Text>
      <Button icon={<LeftOutlined />} disabled={!p.hasPrev || p.loading} onClick={p.onPrev}>
        {t('list.previous')}
      </Button>
      <Button disabled={!p.hasNext || p.loading} onClick={p.onNext}>
        {t('list.next')} <RightOutlined />
      </Button>
      <Select
        aria-label={t('list.pageSize')}
        value={p.limit}
        onChange={p.onLimit}
        options={[20, 50, 100].map((n) => ({ value: n, label: `${n} / ${t('list.pageSize')}` }))}
        style={{ width: 170 }}
      />
    </Space>
  );
}
