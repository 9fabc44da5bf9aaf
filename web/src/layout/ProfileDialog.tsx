import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Form, Modal, Select } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { api, must } from '../api/client';
import { meKey, useSession } from '../auth/session';
import { ErrorAlert } from '../components/ErrorAlert';

/** ProfileDialog changes the signed-in user's time zone (PATCH /api/v1/auth/me). */
export function ProfileDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ time_zone: string }>();
  const zones = useMemo(() => {
    const all = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
    return ['UTC', ...all.filter((z) => z !== 'UTC')].map((z) => ({ value: z, label: z }));
  }, []);
  const save = useMutation({
    mutationFn: async (v: { time_zone: string }) => must(await api.PATCH('/api/v1/auth/me', { body: { time_zone: v.time_zone } })),
    onSuccess: (user) => {
      qc.setQueryData(meKey, { ...me, user });
      onClose();
    },
  });
  return (
    <Modal
      open={open}
      title={t('profile.title')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {save.error && <ErrorAlert error={save.error} title={t('common.saveFailed')} />}
      <Form form={form} layout="vertical" initialValues={{ time_zone: me.user.time_zone }} onFinish={(v) => save.mutate(v)}>
        <Form.Item label={t('users.time_zone')} name="time_zone" extra={t('profile.timeZoneHelp')}>
          <Select showSearch options={zones} optionFilterProp="label" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
