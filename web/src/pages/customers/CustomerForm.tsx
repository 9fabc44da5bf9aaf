import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Col, Form, Input, Modal, Row, Select, Space, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { api, must } from '../../api/client';
import { ApiError, type FieldPath } from '../../api/problem';
import type { Party, PartyDuplicate, PartyInput } from '../../api/types';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { errorMessage } from '../../components/errors';
import { PageHeader } from '../../components/PageHeader';
import { useFormErrors } from '../../components/useFormErrors';
import { usePageTitle } from '../../layout/crumbs';
import { DuplicateList } from './DuplicateList';
import { HistoryCard } from '../../components/HistoryCard';

type Address = NonNullable<PartyInput['addresses']>[number];

/** The form's values: the party's own fields and its first (billing) address. */
interface Values {
  code?: string;
  legal_name: string;
  local_name?: string;
  kind: NonNullable<PartyInput['kind']>;
  lifecycle: NonNullable<PartyInput['lifecycle']>;
  email?: string;
  phone?: string;
  website?: string;
  tax_id?: string;
  currency?: string;
  payment_terms?: string;
  invoice_basis?: NonNullable<PartyInput['invoice_basis']>;
  tags?: string[];
  credit_limit?: { amount?: string };
  accepts_backorders?: boolean;
  addresses: Partial<Address>[];
}

const own = ['code', 'legal_name', 'local_name', 'kind', 'lifecycle', 'email', 'phone', 'website', 'tax_id', 'currency', 'payment_terms', 'invoice_basis', 'tags'] as const;
const addressFields = ['line1', 'line2', 'postal_code', 'city', 'region', 'country'] as const;

/** Errors on these paths are shown on their field; anything else above the form. */
function knownField(p: FieldPath): boolean {
  if (p.length === 1) return (own as readonly (string | number)[]).includes(p[0]) || p[0] === 'accepts_backorders';
  if (p[0] === 'credit_limit') return p.length === 2 && p[1] === 'amount';
  return p[0] === 'addresses' && p[1] === 0 && p.length === 3 && (addressFields as readonly (string | number)[]).includes(p[2]);
}

const blank = (s: string | undefined) => (s && s.trim() !== '' ? s.trim() : undefined);

function toValues(p?: Party): Values {
  if (!p) return { legal_name: '', kind: 'organization', lifecycle: 'customer', invoice_basis: 'delivered', addresses: [{ type: 'billing', default: true }] };
  const v: Values = {
    ...p,
    credit_limit: p.credit_limit ? { amount: p.credit_limit.amount } : undefined,
    addresses: [p.addresses?.[0] ?? { type: 'billing', default: true }],
    tags: p.tags ?? [],
  };
  return v;
}

/** toInput builds the full replacement body: form values over what the form does not show. */
function toInput(v: Values, existing?: Party): PartyInput {
  const first = v.addresses[0] ?? {};
  const hasAddress = addressFields.some((f) => blank(first[f] as string | undefined));
  const address = hasAddress
    ? ({ ...existing?.addresses?.[0], ...first, type: first.type ?? 'billing', line1: first.line1 ?? '', city: first.city ?? '', country: (first.country ?? '').toUpperCase() } as Address)
    : undefined;
  return {
    roles: existing?.roles ?? ['customer'],
    owner_id: existing?.owner_id,
    // A limit is kept in the customer's currency (or the one it had).
    credit_limit: blank(v.credit_limit?.amount)
      ? { amount: blank(v.credit_limit?.amount)!, currency: (blank(v.currency) ?? existing?.credit_limit?.currency ?? '').toUpperCase() }
      : undefined,
    accepts_backorders: v.accepts_backorders ?? false,
    price_list: existing?.price_list,
    contacts: existing?.contacts ?? [],
    code: blank(v.code),
    legal_name: v.legal_name?.trim() ?? '',
    local_name: blank(v.local_name),
    kind: v.kind,
    lifecycle: v.lifecycle,
    email: blank(v.email),
    phone: blank(v.phone),
    website: blank(v.website),
    tax_id: blank(v.tax_id),
    currency: blank(v.currency)?.toUpperCase(),
    payment_terms: blank(v.payment_terms),
    invoice_basis: v.invoice_basis,
    tags: v.tags ?? [],
    addresses: [...(address ? [address] : []), ...(existing?.addresses?.slice(1) ?? [])],
  };
}

/** A new page per record, so no state of one record's form leaks into the next. */
export default function CustomerFormPage() {
  const { id } = useParams();
  return <CustomerForm key={id ?? 'new'} id={id} />;
}

function CustomerForm({ id }: { id?: string }) {
  const isNew = !id;
  const { t } = useTranslation();
  const { may } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const errors = useFormErrors(form, knownField);
  const [warned, setWarned] = useState<PartyDuplicate[]>([]);
  const currency = Form.useWatch('currency', form);

  const party = useQuery({
    queryKey: ['party', id],
    enabled: !isNew,
    queryFn: async () => must(await api.GET('/api/v1/parties/{id}', { params: { path: { id: id! } } })),
  });
  usePageTitle(isNew ? t('customers.new') : party.data && `${party.data.code} · ${party.data.legal_name}`);
  useEffect(() => {
    form.resetFields();
    form.setFieldsValue(toValues(party.data));
  }, [form, party.data]);

  const limitCurrency = (blank(currency) ?? party.data?.credit_limit?.currency ?? '').toUpperCase();

  const dupes = useQuery({
    queryKey: ['party-duplicates', id, party.data?.version],
    enabled: !isNew && !!party.data,
    queryFn: async () => must(await api.GET('/api/v1/parties/{id}/duplicates', { params: { path: { id: id! } } })).data ?? [],
  });

  const save = useMutation({
    mutationFn: async ({ v, allowDuplicate }: { v: Values; allowDuplicate?: boolean }) => {
      const body = { ...toInput(v, party.data), allow_duplicate: allowDuplicate || undefined };
      if (isNew) return must(await api.POST('/api/v1/parties', { body }));
      return must(await api.PUT('/api/v1/parties/{id}', { params: { path: { id: id! } }, body: { ...body, version: party.data!.version } }));
    },
    onSuccess: (p) => {
      errors.clear();
        qc.setQueryData(['party', p.id], p);
      void qc.invalidateQueries({ queryKey: ['customers'] });
      void message.success(isNew ? t('common.created') : t('common.saved'));
      if (isNew) navigate(`/customers/${p.id}`, { replace: true });
    },
    onError: (e) => {
      if (e instanceof ApiError && e.code === 'likely_duplicate') {
        const d = (e.problem.details as { duplicates?: PartyDuplicate[] } | undefined)?.duplicates ?? [];
        setWarned(d);
      }
      errors.show(e);
    },
  });

  const checkDuplicates = async () => {
    if (!isNew) return;
    const v = form.getFieldsValue(true) as Values;
    if (!blank(v.legal_name)) return;
    try {
      const r = must(await api.POST('/api/v1/parties/duplicates/check', { body: toInput(v) }));
      setWarned((r.data ?? []).filter((d) => d.likely));
    } catch {
      // A failed check is no reason to stop someone typing; saving checks again.
    }
  };

  const merge = useMutation({
    mutationFn: async (loser: PartyDuplicate) =>
      must(await api.POST('/api/v1/parties/{id}/merge', { params: { path: { id: id! } }, body: { loser_id: loser.id, version: party.data!.version } })),
    onSuccess: (r) => {
      qc.setQueryData(['party', id], r.party);
      void qc.invalidateQueries({ queryKey: ['customers'] });
      void message.success(t('customers.merged', { aliases: (r.aliases ?? []).join(', ') }));
    },
    onError: (e) => void message.error(errorMessage(t, e)),
  });
  const confirmMerge = (d: PartyDuplicate) =>
    Modal.confirm({
      title: t('customers.merge'),
      content: t('customers.mergeConfirm', { loser: `${d.code} ${d.legal_name}`, survivor: party.data?.code }),
      okText: t('customers.merge'),
      cancelText: t('common.cancel'),
      onOk: () => merge.mutateAsync(d),
    });

  if (!isNew && party.isPending) return <Spin />;
  if (!isNew && party.error) return <ErrorAlert error={party.error} onRetry={() => void party.refetch()} />;

  const canWrite = isNew ? may('party.party.create') : may('party.party.update');
  const cancel = () => navigate('/customers');
  const likelyDuplicate = errors.error instanceof ApiError && errors.error.code === 'likely_duplicate';

  return (
    <div
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !e.defaultPrevented && !(e.target as HTMLElement).closest('.ant-select, .ant-modal')) cancel();
      }}
    >
      <PageHeader
        title={isNew ? t('customers.new') : t('customers.edit', { code: party.data?.code })}
        extra={!isNew && <Button onClick={() => navigate(`/customers/${id}/overview`)}>{t('overview.open')}</Button>}
      />
      {errors.error !== undefined && !likelyDuplicate && (
        <ErrorAlert error={errors.error} title={errors.rest.length || !(errors.error instanceof ApiError && errors.error.problem.errors?.length) ? t('common.saveFailed') : t('errors.fixFields')} />
      )}
      {errors.rest.length > 0 && <Alert type="error" showIcon title={errors.rest.join('; ')} style={{ marginBottom: 16 }} />}
      {warned.length > 0 && isNew && (
        <Alert
          type="warning"
          showIcon
          role="alert"
          title={t('customers.duplicatesTitle')}
          description={
            <>
              <Typography.Paragraph style={{ marginBottom: 4 }}>{t('customers.duplicatesText')}</Typography.Paragraph>
              <DuplicateList items={warned} />
              <Button onClick={() => form.validateFields().then((v) => save.mutate({ v: { ...form.getFieldsValue(true), ...v }, allowDuplicate: true }))}>
                {t('customers.createAnyway')}
              </Button>
            </>
          }
          style={{ marginBottom: 16 }}
        />
      )}
      <Row gutter={24}>
        <Col xs={24} xl={isNew ? 24 : 16}>
          <Form<Values>
            form={form}
            layout="vertical"
            disabled={!canWrite}
            initialValues={toValues(party.data)}
            onFinish={(v) => !save.isPending && save.mutate({ v: { ...form.getFieldsValue(true), ...v } })}
            scrollToFirstError
          >
            <Card>
              <Row gutter={16}>
                <Col span={16}>
                  <Form.Item label={t('customers.legal_name')} name="legal_name" rules={[{ required: true, whitespace: true, message: t('customers.legal_name') }]}>
                    <Input autoFocus={isNew} onBlur={checkDuplicates} />
                  </Form.Item>
                </Col>
                <Col span={8}>
                  <Form.Item label={t('common.code')} name="code" extra={isNew ? t('customers.codeHelp') : undefined}>
                    <Input />
                  </Form.Item>
                </Col>
                <Col span={16}>
                  <Form.Item label={t('customers.local_name')} name="local_name">
                    <Input />
                  </Form.Item>
                </Col>
                <Col span={8}>
                  <Form.Item label={t('customers.kind')} name="kind">
                    <Select options={(['organization', 'person'] as const).map((k) => ({ value: k, label: t(`customers.kinds.${k}`) }))} />
                  </Form.Item>
                </Col>
                <Col span={8}>
                  <Form.Item label={t('common.email')} name="email">
                    <Input />
                  </Form.Item>
                </Col>
                <Col span={8}>
                  <Form.Item label={t('customers.phone')} name="phone">
                    <Input />
                  </Form.Item>
                </Col>
                <Col span={8}>
                  <Form.Item label={t('customers.website')} name="website">
                    <Input />
                  </Form.Item>
                </Col>
                <Col span={6}>
                  <Form.Item label={t('customers.lifecycle')} name="lifecycle">
                    <Select
                      options={(['lead', 'prospect', 'customer', 'inactive', 'churned'] as const).map((l) => ({ value: l, label: t(`customers.lifecycles.${l}`) }))}
                    />
                  </Form.Item>
                </Col>
                <Col span={6}>
                  <Form.Item label={t('customers.tax_id')} name="tax_id">
                    <Input />
                  </Form.Item>
                </Col>
                <Col span={6}>
                  <Form.Item label={t('customers.currency')} name="currency">
                    <Input maxLength={3} />
                  </Form.Item>
                </Col>
                <Col span={6}>
                  <Form.Item label={t('customers.payment_terms')} name="payment_terms">
                    <Input />
                  </Form.Item>
                </Col>
                <Col span={6}>
                  <Form.Item label={t('customers.invoice_basis')} name="invoice_basis">
                    <Select
                      options={(['delivered', 'ordered'] as const).map((b) => ({ value: b, label: t(`customers.invoice_bases.${b}`) }))}
                    />
                  </Form.Item>
                </Col>
                <Col span={6}>
                  <Form.Item
                    label={t('customers.credit_limit')}
                    name={['credit_limit', 'amount']}
                    extra={t('customers.creditLimitHelp')}
                    dependencies={['currency']}
                    rules={[
                      {
                        validator: async (_, amount?: string) => {
                          if (blank(amount) && !limitCurrency) throw new Error(t('customers.creditLimitCurrency'));
                        },
                      },
                    ]}
                  >
                    <Input inputMode="decimal" suffix={limitCurrency} />
                  </Form.Item>
                </Col>
                <Col span={6}>
                  <Form.Item label=" " name="accepts_backorders" valuePropName="checked">
                    <Checkbox>{t('customers.accepts_backorders')}</Checkbox>
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item label={t('customers.tags')} name="tags">
                    <Select mode="tags" tokenSeparators={[',']} open={false} suffixIcon={null} />
                  </Form.Item>
                </Col>
              </Row>
              <Typography.Title level={2} style={{ fontSize: 16 }}>
                {t('customers.address')}
              </Typography.Title>
              <Row gutter={16}>
                <Col span={12}>
                  <Form.Item label={t('customers.line1')} name={['addresses', 0, 'line1']}>
                    <Input />
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item label={t('customers.line2')} name={['addresses', 0, 'line2']}>
                    <Input />
                  </Form.Item>
                </Col>
                <Col span={5}>
                  <Form.Item label={t('customers.postal_code')} name={['addresses', 0, 'postal_code']}>
                    <Input />
                  </Form.Item>
                </Col>
                <Col span={7}>
                  <Form.Item label={t('customers.city')} name={['addresses', 0, 'city']}>
                    <Input />
                  </Form.Item>
                </Col>
                <Col span={6}>
                  <Form.Item label={t('customers.region')} name={['addresses', 0, 'region']}>
                    <Input />
                  </Form.Item>
                </Col>
                <Col span={6}>
                  <Form.Item label={t('customers.country')} name={['addresses', 0, 'country']}>
                    <Input maxLength={2} />
                  </Form.Item>
                </Col>
              </Row>
              <Space>
                <Button type="primary" htmlType="submit" loading={save.isPending} disabled={!canWrite}>
                  {isNew ? t('common.create') : t('common.save')}
                </Button>
                <Button htmlType="button" onClick={cancel} disabled={false}>
                  {t('common.cancel')}
                </Button>
                <Typography.Text type="secondary">{t('common.keyboardHint')}</Typography.Text>
              </Space>
            </Card>
          </Form>
        </Col>
        {!isNew && (
          <Col xs={24} xl={8}>
            <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('customers.possibleDuplicates')}</h2>} loading={dupes.isPending}>
              {dupes.error ? (
                <ErrorAlert error={dupes.error} />
              ) : dupes.data && dupes.data.length > 0 ? (
                <DuplicateList items={dupes.data} onMerge={may('party.party.merge') ? confirmMerge : undefined} merging={merge.isPending ? merge.variables?.id : undefined} />
              ) : (
                <Typography.Text type="secondary">{t('customers.noDuplicates')}</Typography.Text>
              )}
            </Card>
          </Col>
        )}
      </Row>
      {!isNew && party.data && <HistoryCard entityType="party" entityId={party.data.id} />}
    </div>
  );
}
