import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useState, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { api, must } from '../api/client';
import { useParty, useProduct } from './names';

/**
 * CustomerPicker searches customers by name, code, e-mail or tax ID (GET
 * /parties?q=&role=customer). A list's filter has no form label, so it
 * passes aria-label and placeholder, and allowClear to drop the filter.
 */
export function CustomerPicker(props: {
  value?: string;
  onChange?: (v?: string) => void;
  id?: string;
  autoFocus?: boolean;
  allowClear?: boolean;
  'aria-label'?: string;
  placeholder?: string;
  style?: CSSProperties;
}) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const found = useQuery({
    queryKey: ['customer-picker', q],
    placeholderData: keepPreviousData,
    queryFn: async () => must(await api.GET('/api/v1/parties', { params: { query: { role: 'customer', q: q || undefined, limit: 20 } } })).data ?? [],
  });
  const chosen = useParty(props.value);
  const options = (found.data ?? []).map((p) => ({ value: p.id, label: `${p.code} · ${p.legal_name}` }));
  if (chosen.data && !options.some((o) => o.value === chosen.data.id)) options.unshift({ value: chosen.data.id, label: `${chosen.data.code} · ${chosen.data.legal_name}` });
  return (
    <Select
      id={props.id}
      aria-label={props['aria-label']}
      allowClear={props.allowClear}
      style={props.style}
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={props.value}
      onChange={props.onChange}
      loading={found.isFetching}
      placeholder={props.placeholder ?? t('orders.pickCustomer')}
      notFoundContent={t('search.empty')}
      options={options}
      autoFocus={props.autoFocus}
    />
  );
}

/** ProductPicker searches active products by code, name or barcode. */
export function ProductPicker(props: { value?: string; onChange?: (v: string) => void; id?: string; 'aria-label'?: string }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const found = useQuery({
    queryKey: ['product-picker', q],
    placeholderData: keepPreviousData,
    queryFn: async () => must(await api.GET('/api/v1/products', { params: { query: { active: 'true', q: q || undefined, limit: 20 } } })).data ?? [],
  });
  const [labels, setLabels] = useState<Record<string, string>>({});
  // A product chosen before (a draft being edited) may be outside the first page of results.
  const chosen = useProduct(props.value);
  const options = (found.data ?? []).map((p) => ({ value: p.id, label: `${p.code} · ${p.name}` }));
  const label = props.value && (labels[props.value] ?? (chosen.data ? `${chosen.data.code} · ${chosen.data.name}` : undefined));
  if (props.value && label && !options.some((o) => o.value === props.value)) options.unshift({ value: props.value, label });
  return (
    <Select
      id={props.id}
      aria-label={props['aria-label']}
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={props.value}
      onChange={(v: string, o) => {
        const label = (o as { label?: string } | undefined)?.label;
        if (label) setLabels((x) => ({ ...x, [v]: label }));
        props.onChange?.(v);
      }}
      loading={found.isFetching}
      placeholder={t('orders.pickProduct')}
      notFoundContent={t('search.empty')}
      options={options}
      style={{ width: '100%' }}
      popupMatchSelectWidth={360}
    />
  );
}

