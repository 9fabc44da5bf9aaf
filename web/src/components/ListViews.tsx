import { DeleteOutlined, SaveOutlined, SettingOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Checkbox, Form, Input, Modal, Popover, Select, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, must } from '../api/client';
import type { SavedView } from '../api/types';
import { errorMessage } from './errors';

/** The state a list keeps in a saved view: its filters, sort and hidden columns. */
export type ViewState = Record<string, unknown>;

/**
 * ListViews lets the user save the list's current state under a name, apply
 * a saved one, and delete it. Views are stored per user on the server.
 */
export function ListViews({ list, state, onApply }: { list: string; state: ViewState; onApply: (s: ViewState) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [current, setCurrent] = useState<string>();
  const [naming, setNaming] = useState(false);
  const [form] = Form.useForm<{ name: string }>();
  const views = useQuery({
    queryKey: ['saved-views', list],
    queryFn: async () => must(await api.GET('/api/v1/saved-views', { params: { query: { list } } })).data ?? [],
  });
  const save = useMutation({
    mutationFn: async (name: string) => must(await api.POST('/api/v1/saved-views', { body: { list, name, state } })),
    onSuccess: (v: SavedView) => {
      void qc.invalidateQueries({ queryKey: ['saved-views', list] });
      setCurrent(v.id);
      setNaming(false);
      form.resetFields();
      void message.success(t('views.saved', { name: v.name }));
    },
    onError: (e) => form.setFields([{ name: 'name', errors: [errorMessage(t, e)] }]),
  });
  const remove = useMutation({
    mutationFn: async (id: string) => must(await api.DELETE('/api/v1/saved-views/{id}', { params: { path: { id } } })),
    onSuccess: () => {
      setCurrent(undefined);
      void qc.invalidateQueries({ queryKey: ['saved-views', list] });
    },
    onError: (e) => void message.error(errorMessage(t, e)),
  });
  return (
    <Space>
      <Select
        allowClear
        showSearch
        optionFilterProp="label"
        aria-label={t('views.title')}
        placeholder={t('views.title')}
        style={{ width: 200 }}
        value={current}
        loading={views.isLoading}
        options={(views.data ?? []).map((v) => ({ value: v.id, label: v.name }))}
        onChange={(id?: string) => {
          setCurrent(id);
          const v = views.data?.find((x) => x.id === id);
          onApply(v ? (v.state as ViewState) : {});
        }}
      />
      <Button icon={<SaveOutlined />} onClick={() => setNaming(true)}>
        {t('views.save')}
      </Button>
      {current && <Button icon={<DeleteOutlined />} aria-label={t('views.delete')} loading={remove.isPending} onClick={() => remove.mutate(current)} />}
      <Modal
        open={naming}
        title={t('views.save')}
        okText={t('views.save')}
        cancelText={t('common.cancel')}
        confirmLoading={save.isPending}
        onOk={() => form.submit()}
        onCancel={() => setNaming(false)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v.name.trim())}>
          <Form.Item label={t('views.name')} name="name" rules={[{ required: true, whitespace: true, message: t('views.nameRequired') }]}>
            <Input autoFocus maxLength={60} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}

/** ColumnChooser shows and hides a table's columns. */
export function ColumnChooser({ columns, hidden, onChange }: { columns: { key: string; title: string }[]; hidden: string[]; onChange: (hidden: string[]) => void }) {
  const { t } = useTranslation();
  return (
    <Popover
      trigger="click"
      placement="bottomRight"
      content={
        <Space direction="vertical">
          {columns.map((c) => (
            <Checkbox
              key={c.key}
              checked={!hidden.includes(c.key)}
              onChange={(e) => onChange(e.target.checked ? hidden.filter((k) => k !== c.key) : [...hidden, c.key])}
            >
              {c.title}
            </Checkbox>
          ))}
        </Space>
      }
    >
      <Button icon={<SettingOutlined />}>{t('views.columns')}</Button>
    </Popover>
  );
}
