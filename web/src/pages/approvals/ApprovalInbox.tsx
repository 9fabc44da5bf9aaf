import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Space, Table, Typography, type TableColumnType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, must } from '../../api/client';
import type { ApprovalRequest } from '../../api/types';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { errorMessage } from '../../components/errors';
import { ListControls } from '../../components/ListControls';
import { UserName } from '../../components/names';
import { PageHeader } from '../../components/PageHeader';
import { Pager } from '../../components/Pager';
import { useCursorPages } from '../../components/useCursorPages';
import { useFormat } from '../../components/useFormat';
import { useListControls } from '../../components/useListControls';
import { nowrap } from '../../components/cells';
import { documentLink } from './documentLink';

type Decision = 'approve' | 'reject';

export default function ApprovalInbox() {
  const { t } = useTranslation();
  const { may } = useSession();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const f = useFormat();
  const [deciding, setDeciding] = useState<{ r: ApprovalRequest; d: Decision }>();
  const [form] = Form.useForm<{ comment?: string }>();
  // The inbox is the pending requests the user may decide; the filters
  // say so, so that the export and a saved view hold the same rows.
  const lc = useListControls<{ status?: ApprovalRequest['status']; actionable?: boolean; sort?: string }>('/api/v1/approvals', {
    status: 'pending',
    actionable: true,
  });
  const { sorted } = lc;
  const list = useCursorPages('approvals', lc.filters, async (fl, limit, after) =>
    must(await api.GET('/api/v1/approvals', { params: { query: { ...fl, limit, after } } })),
  );

  const decide = useMutation({
    mutationFn: async ({ r, d, comment }: { r: ApprovalRequest; d: Decision; comment?: string }) => {
      const opts = { params: { path: { id: r.id } }, body: { comment: comment?.trim() || undefined } };
      return d === 'approve' ? must(await api.POST('/api/v1/approvals/{id}/approve', opts)) : must(await api.POST('/api/v1/approvals/{id}/reject', opts));
    },
    onSuccess: (r, v) => {
      setDeciding(undefined);
      form.resetFields();
      void qc.invalidateQueries({ queryKey: ['approvals'] });
      void qc.invalidateQueries({ queryKey: ['sales-orders'] });
      void qc.invalidateQueries({ queryKey: ['sales-order', r.document_id] });
      void message.success(t(v.d === 'approve' ? 'approvals.approved' : 'approvals.rejected', { number: r.document_number }));
    },
    onError: (e) => void message.error(errorMessage(t, e)),
  });

  const canDecide = may('approval.request.decide');
  const open = (r: ApprovalRequest, d: Decision) => {
    form.resetFields();
    setDeciding({ r, d });
  };

  const columns: (TableColumnType<ApprovalRequest> & { key: string })[] = [
    { title: t('approvals.document'), onCell: nowrap, key: 'document_number', ...sorted('document_number'), width: 140, render: (_, r) => documentLink(r) },
    { title: t('approvals.amount'), key: 'amount', ...sorted('amount'), align: 'right', width: 110, render: (_, r) => f.money(r.amount) },
    {
      title: t('approvals.policy'),
      key: 'policy',
      width: 220,
      render: (_, r) => (
        <>
          {r.policy_name}
          <div style={{ color: '#595959', fontSize: 12 }}>{r.reason_code}</div>
        </>
      ),
    },
    { title: t('approvals.approver_role'), key: 'approver_role', dataIndex: 'approver_role', width: 110 },
    {
      title: t('approvals.requested_by'),
      key: 'requested_by',
      render: (_, r) => r.requested_by_name || <UserName id={r.requested_by} />,
    },
    { title: t('approvals.requested_at'), key: 'requested_at', ...sorted('requested_at'), onCell: nowrap, dataIndex: 'requested_at', width: 180, render: (d: string) => f.dateTime(d) },
    {
      title: t('list.actions'),
      key: 'act',
      width: 170,
      render: (_, r) =>
        canDecide && (
          <Space>
            <Button type="primary" size="small" onClick={() => open(r, 'approve')}>
              {t('approvals.approve')}
            </Button>
            <Button danger size="small" onClick={() => open(r, 'reject')}>
              {t('approvals.reject')}
            </Button>
          </Space>
        ),
    },
  ];

  return (
    <>
      <PageHeader title={t('approvals.title')} />
      <Typography.Paragraph type="secondary">{t('approvals.intro')}</Typography.Paragraph>
      <Space style={{ marginBottom: 16 }} wrap>
        <ListControls list="approvals" controls={lc} columns={columns} />
      </Space>
      {list.error && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      <Table<ApprovalRequest>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.rows}
        pagination={false}
        locale={{ emptyText: t('approvals.empty') }}
        onChange={lc.onChange}
        columns={lc.visible(columns)}
      />
      <Pager page={list.page} hasPrev={list.hasPrev} hasNext={list.hasNext} onPrev={list.prev} onNext={list.next} limit={list.limit} onLimit={list.setLimit} loading={list.isFetching} />
      <Modal
        open={!!deciding}
        title={deciding && t(deciding.d === 'approve' ? 'approvals.approveTitle' : 'approvals.rejectTitle', { number: deciding.r.document_number })}
        okText={deciding && t(deciding.d === 'approve' ? 'approvals.approve' : 'approvals.reject')}
        okButtonProps={{ danger: deciding?.d === 'reject', loading: decide.isPending }}
        cancelText={t('common.cancel')}
        onCancel={() => setDeciding(undefined)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(v) => deciding && decide.mutate({ ...deciding, comment: v.comment })}>
          <Form.Item
            label={t('approvals.comment')}
            name="comment"
            rules={deciding?.d === 'reject' ? [{ required: true, whitespace: true, message: t('approvals.commentRequired') }] : []}
          >
            <Input.TextArea rows={3} autoFocus />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
