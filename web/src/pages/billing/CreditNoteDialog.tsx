import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Checkbox, Form, Input, Modal, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, must } from '../../api/client';
import { ApiError, parseFieldPath, type FieldPath } from '../../api/problem';
import type { Invoice } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ProductName } from '../../components/names';
import { useFormat } from '../../components/useFormat';
import { useFormErrors } from '../../components/useFormErrors';

interface Values {
  reason: string;
  reinvoice: boolean;
  lines: { quantity?: string; unit_price?: string }[];
}

const known = (p: FieldPath) => p[0] === 'reason' || p[0] === 'reinvoice' || (p[0] === 'lines' && typeof p[1] === 'number');

/**
 * remapLines points the API's errors about the sent lines (lines[k]) at the
 * invoice lines they came from (lines[sent[k]]), which are the form's rows.
 */
function remapLines(e: unknown, sent: number[]): unknown {
  if (!(e instanceof ApiError) || !e.problem.errors) return e;
  const errors = e.problem.errors.map((fe) => {
    const path = parseFieldPath(fe.field ?? '');
    if (path[0] !== 'lines' || typeof path[1] !== 'number' || sent[path[1]] === undefined) return fe;
    return { ...fe, field: fe.field!.replace(/^lines\[\d+\]/, `lines[${sent[path[1]]}]`) };
  });
  return new ApiError(e.status, { ...e.problem, errors });
}

/**
 * CreditNoteDialog posts a credit note against a posted invoice: a return
 * or a price correction (quantity and an optional lower unit price per
 * line), or a cancellation whose quantities go back to the order to be
 * invoiced again.
 */
export function CreditNoteDialog({ invoice, open, onClose }: { invoice: Invoice; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const errors = useFormErrors(form, known);
  const lines = invoice.lines ?? [];
  const reinvoice = Form.useWatch('reinvoice', form);
  const create = useMutation({
    mutationFn: async (v: Values) => {
      const sent: number[] = [];
      const body = {
        reason: v.reason.trim(),
        reinvoice: v.reinvoice || undefined,
        lines: v.lines.flatMap((l, i) => {
          const quantity = (l.quantity ?? '').trim();
          if (quantity === '' || Number(quantity) === 0) return [];
          sent.push(i);
          const price = (l.unit_price ?? '').trim();
          return [{ line: i, quantity, unit_price: price ? { amount: price, currency: invoice.currency } : undefined }];
        }),
      };
      try {
        return must(await api.POST('/api/v1/invoices/{id}/credit-notes', { params: { path: { id: invoice.id } }, body }));
      } catch (e) {
        throw remapLines(e, sent);
      }
    },
    onSuccess: (cn) => {
      void qc.invalidateQueries({ queryKey: ['invoice'] });
      void qc.invalidateQueries({ queryKey: ['invoices'] });
      if (invoice.order_id) void qc.invalidateQueries({ queryKey: ['sales-order', invoice.order_id] });
      onClose();
      navigate(`/invoices/${cn.id}`);
    },
    onError: errors.show,
  });
  return (
    <Modal
      open={open}
      width={760}
      title={t('creditNotes.title', { number: invoice.number })}
      okText={t('creditNotes.post')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('creditNotes.intro')}</Typography.Paragraph>
      {errors.error !== undefined && (
        <ErrorAlert
          error={errors.error}
          title={errors.rest.length || !(errors.error instanceof ApiError && errors.error.problem.errors?.length) ? t('common.saveFailed') : t('errors.fixFields')}
        />
      )}
      {errors.rest.length > 0 && <Alert type="error" showIcon title={errors.rest.join('; ')} style={{ marginBottom: 16 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ reason: '', reinvoice: false, lines: lines.map((l) => ({ quantity: l.quantity, unit_price: '' })) }}
        onFinish={(v) => {
          errors.clear();
          create.mutate(v);
        }}
      >
        <Form.Item label={t('invoices.reason')} name="reason" rules={[{ required: true, whitespace: true, message: t('creditNotes.reasonRequired') }]}>
          <Input autoFocus maxLength={500} placeholder={t('creditNotes.reasonPlaceholder')} />
        </Form.Item>
        <Table
          size="small"
          pagination={false}
          rowKey="key"
          dataSource={lines.map((l, i) => ({ ...l, key: i }))}
          columns={[
            { title: t('orders.product'), dataIndex: 'product_id', render: (p: string) => <ProductName id={p} /> },
            { title: t('creditNotes.invoiced'), key: 'invoiced', align: 'right', width: 150, render: (_, l) =>
                `${f.quantity(l.quantity)} × ${f.money(l.unit_price)}` + (Number(l.discount_percent) ? ` − ${f.quantity(l.discount_percent)} %` : ''),
            },
            {
              title: t('creditNotes.quantity'),
              key: 'quantity',
              width: 120,
              render: (_, l) => (
                <Form.Item name={['lines', l.key, 'quantity']} style={{ margin: 0 }}>
                  <Input aria-label={t('creditNotes.quantity')} inputMode="decimal" />
                </Form.Item>
              ),
            },
            {
              title: t('creditNotes.unitPrice'),
              key: 'unit_price',
              width: 150,
              render: (_, l) => (
                <Form.Item name={['lines', l.key, 'unit_price']} style={{ margin: 0 }}>
                  <Input aria-label={t('creditNotes.unitPrice')} inputMode="decimal" placeholder={l.unit_price.amount} disabled={reinvoice} />
                </Form.Item>
              ),
            },
          ]}
        />
        {invoice.order_id && (
          <Form.Item name="reinvoice" valuePropName="checked" style={{ marginTop: 16, marginBottom: 0 }} extra={t('creditNotes.reinvoiceHelp')}>
            <Checkbox onChange={(e) => e.target.checked && form.setFieldsValue({ lines: lines.map((_, i) => ({ ...form.getFieldValue(['lines', i]), unit_price: '' })) })}>
              {t('creditNotes.reinvoice')}
            </Checkbox>
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
