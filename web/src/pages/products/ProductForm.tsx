import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Form, Input, InputNumber, Row, Select, Space, Spin, Switch, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { api, must } from '../../api/client';
import { ApiError, type FieldPath } from '../../api/problem';
import type { Product, ProductInput } from '../../api/types';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { useFormErrors } from '../../components/useFormErrors';
import { usePageTitle } from '../../layout/crumbs';
import { StockByWarehouse } from '../inventory/StockByWarehouse';
import { useCategories } from './categories';
import { HistoryCard } from '../../components/HistoryCard';

interface Values {
  code: string;
  name: string;
  name_zh?: string;
  type: Product['type'];
  unit?: string;
  list_price: { amount: string; currency: string };
  barcode?: string;
  category_id?: string;
  lead_time_days?: number;
  reorder_point?: string;
  reorder_quantity?: string;
  active: boolean;
}

const simple = ['code', 'name', 'type', 'unit', 'barcode', 'category_id', 'lead_time_days', 'reorder_point', 'reorder_quantity', 'active'];
function knownField(p: FieldPath): boolean {
  if (p.length === 1) return simple.includes(String(p[0])) || p[0] === 'list_price';
  if (p[0] === 'list_price' && p.length === 2) return p[1] === 'amount' || p[1] === 'currency';
  return p[0] === 'names' && p[1] === 'zh-CN';
}

const blank = (s: string | undefined) => (s && s.trim() !== '' ? s.trim() : undefined);

function toValues(p?: Product): Values {
  if (!p) return { code: '', name: '', type: 'stockable', unit: 'pcs', list_price: { amount: '', currency: 'USD' }, active: true };
  return { ...p, name_zh: p.names?.['zh-CN'], list_price: { ...p.list_price } };
}

function toInput(v: Values, existing?: Product): ProductInput {
  const names = { ...(existing?.names ?? {}) };
  if (blank(v.name_zh)) names['zh-CN'] = v.name_zh!.trim();
  else delete names['zh-CN'];
  return {
    suppliers: existing?.suppliers ?? [],
    standard_cost: existing?.standard_cost,
    tax_category: existing?.tax_category,
    code: v.code?.trim() ?? '',
    name: v.name?.trim() ?? '',
    names,
    type: v.type,
    unit: blank(v.unit),
    list_price: { amount: (v.list_price?.amount ?? '').trim(), currency: (v.list_price?.currency ?? '').trim().toUpperCase() },
    barcode: blank(v.barcode),
    category_id: v.category_id || undefined,
    lead_time_days: v.lead_time_days ?? undefined,
    reorder_point: blank(v.reorder_point),
    reorder_quantity: blank(v.reorder_quantity),
    active: v.active,
  };
}

/** A new page per record, so no state of one record's form leaks into the next. */
export default function ProductFormPage() {
  const { id } = useParams();
  return <ProductForm key={id ?? 'new'} id={id} />;
}

function ProductForm({ id }: { id?: string }) {
  const isNew = !id;
  const { t } = useTranslation();
  const { may } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const errors = useFormErrors(form, knownField);
  const categories = useCategories(may('product.category.read'));

  const product = useQuery({
    queryKey: ['product', id],
    enabled: !isNew,
    queryFn: async () => must(await api.GET('/api/v1/products/{id}', { params: { path: { id: id! } } })),
  });
  usePageTitle(isNew ? t('products.new') : product.data && `${product.data.code} · ${product.data.name}`);
  useEffect(() => {
    form.resetFields();
    form.setFieldsValue(toValues(product.data));
  }, [form, product.data]);

  const save = useMutation({
    mutationFn: async (v: Values) => {
      const body = toInput(v, product.data);
      if (isNew) return must(await api.POST('/api/v1/products', { body }));
      return must(await api.PUT('/api/v1/products/{id}', { params: { path: { id: id! } }, body: { ...body, version: product.data!.version } }));
    },
    onSuccess: (p) => {
      errors.clear();
      qc.setQueryData(['product', p.id], p);
      void qc.invalidateQueries({ queryKey: ['products'] });
      void message.success(isNew ? t('common.created') : t('common.saved'));
      if (isNew) navigate(`/products/${p.id}`, { replace: true });
    },
    onError: (e) => errors.show(e),
  });

  if (!isNew && product.isPending) return <Spin />;
  if (!isNew && product.error) return <ErrorAlert error={product.error} onRetry={() => void product.refetch()} />;
  const canWrite = isNew ? may('product.product.create') : may('product.product.update');
  const cancel = () => navigate('/products');
  const fieldErrors = errors.error instanceof ApiError && !!errors.error.problem.errors?.length;

  return (
    <div
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !e.defaultPrevented && !(e.target as HTMLElement).closest('.ant-select, .ant-modal')) cancel();
      }}
    >
      <PageHeader title={isNew ? t('products.new') : t('products.edit', { code: product.data?.code })} />
      {errors.error !== undefined && <ErrorAlert error={errors.error} title={fieldErrors ? t('errors.fixFields') : t('common.saveFailed')} />}
      {errors.rest.length > 0 && <Alert type="error" showIcon title={errors.rest.join('; ')} style={{ marginBottom: 16 }} />}
      <Row gutter={24}>
        <Col xs={24} xl={isNew ? 24 : 14}>
          <Form<Values>
            form={form}
            layout="vertical"
            disabled={!canWrite}
            initialValues={toValues(product.data)}
            onFinish={(v) => !save.isPending && save.mutate({ ...form.getFieldsValue(true), ...v })}
          >
            <Card>
              <Row gutter={16}>
                <Col span={8}>
                  <Form.Item label={t('common.code')} name="code" rules={[{ required: true, whitespace: true, message: t('common.code') }]}>
                    <Input autoFocus={isNew} />
                  </Form.Item>
                </Col>
                <Col span={16}>
                  <Form.Item label={t('common.name')} name="name" rules={[{ required: true, whitespace: true, message: t('common.name') }]}>
                    <Input />
                  </Form.Item>
                </Col>
                <Col span={16}>
                  <Form.Item label={`${t('common.name')} (简体中文)`} name="name_zh">
                    <Input lang="zh-CN" />
                  </Form.Item>
                </Col>
                <Col span={8}>
                  <Form.Item label={t('products.type')} name="type">
                    <Select options={(['stockable', 'consumable', 'service', 'manufactured'] as const).map((ty) => ({ value: ty, label: t(`products.types.${ty}`) }))} />
                  </Form.Item>
                </Col>
                <Col span={8}>
                  <Form.Item label={t('products.list_price')} name={['list_price', 'amount']} rules={[{ required: true, message: t('products.list_price') }]}>
                    <Input inputMode="decimal" />
                  </Form.Item>
                </Col>
                <Col span={4}>
                  <Form.Item label={t('products.priceCurrency')} name={['list_price', 'currency']}>
                    <Input maxLength={3} />
                  </Form.Item>
                </Col>
                <Col span={4}>
                  <Form.Item label={t('products.unit')} name="unit">
                    <Input />
                  </Form.Item>
                </Col>
                <Col span={8}>
                  <Form.Item label={t('products.barcode')} name="barcode">
                    <Input />
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item label={t('products.category')} name="category_id">
                    <Select allowClear showSearch optionFilterProp="label" loading={categories.isPending} options={(categories.data ?? []).map((c) => ({ value: c.id, label: c.path }))} />
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item label={t('products.lead_time_days')} name="lead_time_days">
                    <InputNumber min={0} max={3650} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
                <Col span={8}>
                  <Form.Item label={t('products.reorder_point')} name="reorder_point">
                    <Input inputMode="decimal" />
                  </Form.Item>
                </Col>
                <Col span={8}>
                  <Form.Item label={t('products.reorder_quantity')} name="reorder_quantity">
                    <Input inputMode="decimal" />
                  </Form.Item>
                </Col>
                <Col span={8}>
                  <Form.Item label={t('common.active')} name="active" valuePropName="checked">
                    <Switch />
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
        {!isNew && product.data && may('inventory.stock.read') && may('inventory.warehouse.read') && (
          <Col xs={24} xl={10}>
            <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('products.stock')}</h2>}>
              <StockByWarehouse product={product.data} />
            </Card>
          </Col>
        )}
      </Row>
      {!isNew && product.data && <HistoryCard entityType="product" entityId={product.data.id} />}
    </div>
  );
}
