import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Descriptions, Row, Space, Spin, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api, must } from '../../api/client';
import type { Quotation, SalesLine } from '../../api/types';
import { useSession } from '../../auth/session';
import { QuotationStatusTag } from '../../components/docStatus';
import { ErrorAlert } from '../../components/ErrorAlert';
import { errorMessage } from '../../components/errors';
import { PartyName } from '../../components/names';
import { TotalsCard, useSalesLineColumns } from '../../components/salesLines';
import { PageHeader } from '../../components/PageHeader';
import { useFormat } from '../../components/useFormat';
import { usePageTitle } from '../../layout/crumbs';
import { HistoryCard } from '../../components/HistoryCard';

/** A quotation: its lines and totals, revised while open, sent, and turned into an order. */
export default function QuotationPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const { may } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const f = useFormat();

  const quotation = useQuery({
    queryKey: ['quotation', id],
    queryFn: async () => must(await api.GET('/api/v1/quotations/{id}', { params: { path: { id: id! } } })),
  });
  const q = quotation.data;
  usePageTitle(q?.number);
  const lineColumns = useSalesLineColumns(q?.lines ?? []);

  const refresh = (next: Quotation) => {
    qc.setQueryData(['quotation', id], next);
    void qc.invalidateQueries({ queryKey: ['quotations'] });
  };
  const onError = (e: Error) => {
    void message.error(errorMessage(t, e));
    void quotation.refetch();
  };
  const params = () => ({ path: { id: q!.id }, header: { 'If-Match': `"${q!.version}"` } });

  const send = useMutation({
    mutationFn: async () => must(await api.POST('/api/v1/quotations/{id}/send', { params: params() })),
    onSuccess: (next) => {
      refresh(next);
      void message.success(t('quotes.sentDone', { number: next.number }));
    },
    onError,
  });
  const convert = useMutation({
    mutationFn: async () => must(await api.POST('/api/v1/quotations/{id}/convert', { params: params() })),
    onSuccess: ({ quotation: next, order }) => {
      refresh(next);
      void qc.invalidateQueries({ queryKey: ['sales-orders'] });
      void message.success(t('quotes.converted', { number: order.number }));
      navigate(`/orders/${order.id}`);
    },
    onError,
  });

  if (quotation.isPending) return <Spin />;
  if (quotation.error || !q) return <ErrorAlert error={quotation.error} onRetry={() => void quotation.refetch()} />;

  const open = q.status !== 'accepted';
  const buttons = (
    <>
      {open && may('sales.quotation.update') && <Button onClick={() => navigate(`/quotations/${q.id}/edit`)}>{t('quotes.revise')}</Button>}
      {q.status === 'draft' && !q.expired && may('sales.quotation.send') && (
        <Button loading={send.isPending} onClick={() => send.mutate()}>
          {t('quotes.send')}
        </Button>
      )}
      {open && !q.expired && may('sales.quotation.convert') && (
        <Button type="primary" loading={convert.isPending} onClick={() => convert.mutate()}>
          {t('quotes.convert')}
        </Button>
      )}
    </>
  );

  return (
    <>
      <PageHeader
        title={
          <Space>
            {t('quotes.heading', { number: q.number })}
            <QuotationStatusTag quotation={q} />
          </Space>
        }
        extra={buttons}
      />
      <Row gutter={16}>
        <Col xs={24} xl={16}>
          <Card style={{ marginBottom: 16 }}>
            <Descriptions column={2} size="small">
              <Descriptions.Item label={t('orders.customer')}>
                <PartyName id={q.customer_id} link />
              </Descriptions.Item>
              <Descriptions.Item label={t('quotes.revision')}>{q.revision}</Descriptions.Item>
              <Descriptions.Item label={t('quotes.validUntil')}>
                {q.expired && open ? <Typography.Text type="danger">{f.date(q.valid_until)}</Typography.Text> : f.date(q.valid_until)}
              </Descriptions.Item>
              <Descriptions.Item label={t('quotes.order')}>{q.order_id ? <Link to={`/orders/${q.order_id}`}>{t('quotes.openOrder')}</Link> : '—'}</Descriptions.Item>
              {q.opportunity_id && (
                <Descriptions.Item label={t('quotes.opportunity')}>
                  <Link to={`/opportunities/${q.opportunity_id}`}>{t('quotes.openOpportunity')}</Link>
                </Descriptions.Item>
              )}
            </Descriptions>
            {q.expired && open && <Typography.Paragraph type="danger" style={{ marginBottom: 0 }}>{t('quotes.expiredHint')}</Typography.Paragraph>}
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <TotalsCard doc={q} testId="quotation-totals" />
        </Col>
      </Row>
      <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('orders.lines')}</h2>} style={{ marginBottom: 16 }}>
        <Table<SalesLine & { key: number }>
          size="small"
          pagination={false}
          dataSource={(q.lines ?? []).map((l, i) => ({ ...l, key: i }))}
          columns={[
            ...lineColumns.head,
            lineColumns.total,
          ]}
        />
      </Card>
      <HistoryCard entityType="sales_quotation" entityId={q.id} />
    </>
  );
}
