import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { lazy, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { ApiError } from './api/problem';
import { SessionProvider, useMe, useModules } from './auth/session';
import { ErrorAlert } from './components/ErrorAlert';
import { ErrorBoundary } from './components/ErrorBoundary';
import { AppLayout } from './layout/AppLayout';
import { Dashboard } from './pages/dashboard/Dashboard';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';

// Screens load on first use, so the sign-in page stays small.
const CustomerList = lazy(() => import('./pages/customers/CustomerList'));
const CustomerForm = lazy(() => import('./pages/customers/CustomerForm'));
const ProductList = lazy(() => import('./pages/products/ProductList'));
const ProductForm = lazy(() => import('./pages/products/ProductForm'));
const WarehouseList = lazy(() => import('./pages/inventory/WarehouseList'));
const StockPage = lazy(() => import('./pages/inventory/StockPage'));
const UserList = lazy(() => import('./pages/users/UserList'));
const CustomerOverview = lazy(() => import('./pages/customers/CustomerOverview'));
const OrderList = lazy(() => import('./pages/sales/OrderList'));
const OrderForm = lazy(() => import('./pages/sales/OrderForm'));
const QuotationForm = lazy(() => import('./pages/sales/OrderForm').then((m) => ({ default: m.QuotationFormPage })));
const QuotationList = lazy(() => import('./pages/sales/QuotationList'));
const QuotationPage = lazy(() => import('./pages/sales/QuotationPage'));
const OrderPage = lazy(() => import('./pages/sales/OrderPage'));
const ApprovalInbox = lazy(() => import('./pages/approvals/ApprovalInbox'));
const PolicyList = lazy(() => import('./pages/approvals/PolicyList'));
const ShipmentList = lazy(() => import('./pages/shipments/ShipmentList'));
const ShipmentPage = lazy(() => import('./pages/shipments/ShipmentPage'));
const InvoiceList = lazy(() => import('./pages/billing/InvoiceList'));
const InvoicePage = lazy(() => import('./pages/billing/InvoicePage'));
const PaymentList = lazy(() => import('./pages/billing/PaymentList'));
const PaymentForm = lazy(() => import('./pages/billing/PaymentForm'));
const AgeingPage = lazy(() => import('./pages/billing/AgeingPage'));
const LeadList = lazy(() => import('./pages/crm/LeadList'));
const LeadPage = lazy(() => import('./pages/crm/LeadPage'));
const Pipeline = lazy(() => import('./pages/crm/Pipeline'));
const OpportunityList = lazy(() => import('./pages/crm/OpportunityList'));
const OpportunityPage = lazy(() => import('./pages/crm/OpportunityPage'));
const ActivityList = lazy(() => import('./pages/crm/ActivityList'));
const SegmentList = lazy(() => import('./pages/crm/SegmentList'));
const CampaignList = lazy(() => import('./pages/crm/CampaignList'));
const WebhookList = lazy(() => import('./pages/integration/WebhookList'));
const EventCatalog = lazy(() => import('./pages/integration/EventCatalog'));
const TicketQueue = lazy(() => import('./pages/support/TicketQueue'));
const TicketForm = lazy(() => import('./pages/support/TicketForm'));
const TicketPage = lazy(() => import('./pages/support/TicketPage'));
const ArticleList = lazy(() => import('./pages/support/ArticleList'));
const ArticleEditor = lazy(() => import('./pages/support/ArticleEditor'));
const ReturnList = lazy(() => import('./pages/returns/ReturnList'));
const ReturnForm = lazy(() => import('./pages/returns/ReturnForm'));
const ReturnPage = lazy(() => import('./pages/returns/ReturnPage'));
const ServiceSettings = lazy(() => import('./pages/support/ServiceSettings'));

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Retrying a 4xx only repeats the same answer.
      retry: (n, err) => !(err instanceof ApiError && err.status < 500) && n < 2,
      refetchOnWindowFocus: false,
    },
  },
});

function Loading() {
  const { t } = useTranslation();
  return (
    <div style={{ display: 'flex', justifyContent: 'center', padding: 64 }}>
      <Spin aria-label={t('app.loading')} />
    </div>
  );
}

/** RequireSession shows its children to a signed-in user and sends anyone else to /login. */
function RequireSession({ children }: { children: ReactNode }) {
  const me = useMe();
  const modules = useModules(!!me.data);
  const location = useLocation();
  if (me.isPending || (me.data && modules.isPending)) return <Loading />;
  if (me.error) return <div style={{ padding: 24 }}><ErrorAlert error={me.error} onRetry={() => void me.refetch()} /></div>;
  if (!me.data) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  if (modules.error) return <div style={{ padding: 24 }}><ErrorAlert error={modules.error} onRetry={() => void modules.refetch()} /></div>;
  return (
    <SessionProvider me={me.data} modules={modules.data ?? []}>
      {children}
    </SessionProvider>
  );
}

// Ant Design's default greys for secondary text, placeholders and group
// titles fall below WCAG AA contrast on white; these keep 4.5:1.
const theme = {
  token: {
    colorPrimary: '#0958d9',
    colorLink: '#0958d9',
    // The default hover blue is lighter and falls below AA on white (a hovered default button).
    colorPrimaryHover: '#003eb3',
    colorLinkHover: '#003eb3',
    colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
    colorTextDescription: 'rgba(0, 0, 0, 0.65)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.65)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.6)',
    colorError: '#cf1322',
    borderRadius: 6,
  },
  // A table's empty-state text is drawn in the disabled grey, below AA.
  components: { Table: { colorTextDisabled: 'rgba(0, 0, 0, 0.6)' } },
};

function Localized({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  const zh = i18n.language === 'zh-CN';
  dayjs.locale(zh ? 'zh-cn' : 'en');
  return (
    <ConfigProvider locale={zh ? zhCN : enUS} theme={theme}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <Localized>
        <ErrorBoundary>
          <BrowserRouter>
            <Suspense fallback={<Loading />}>
              <Routes>
                <Route path="/login" element={<LoginPage />} />
                <Route
                  element={
                    <RequireSession>
                      <AppLayout />
                    </RequireSession>
                  }
                >
                  <Route index element={<Dashboard />} />
                  <Route path="customers" element={<CustomerList />} />
                  <Route path="customers/new" element={<CustomerForm />} />
                  <Route path="customers/:id" element={<CustomerForm />} />
                  <Route path="customers/:id/overview" element={<CustomerOverview />} />
                  <Route path="orders" element={<OrderList />} />
                  <Route path="orders/new" element={<OrderForm />} />
                  <Route path="orders/:id" element={<OrderPage />} />
                  <Route path="orders/:id/edit" element={<OrderForm />} />
                  <Route path="quotations" element={<QuotationList />} />
                  <Route path="quotations/new" element={<QuotationForm />} />
                  <Route path="quotations/:id" element={<QuotationPage />} />
                  <Route path="quotations/:id/edit" element={<QuotationForm />} />
                  <Route path="approvals" element={<ApprovalInbox />} />
                  <Route path="approval-policies" element={<PolicyList />} />
                  <Route path="shipments" element={<ShipmentList />} />
                  <Route path="shipments/:id" element={<ShipmentPage />} />
                  <Route path="invoices" element={<InvoiceList />} />
                  <Route path="invoices/:id" element={<InvoicePage />} />
                  <Route path="payments" element={<PaymentList />} />
                  <Route path="payments/new" element={<PaymentForm />} />
                  <Route path="receivables" element={<AgeingPage />} />
                  <Route path="webhooks" element={<WebhookList />} />
                  <Route path="event-types" element={<EventCatalog />} />
                  <Route path="tickets" element={<TicketQueue />} />
                  <Route path="tickets/new" element={<TicketForm />} />
                  <Route path="tickets/:id" element={<TicketPage />} />
                  <Route path="kb" element={<ArticleList />} />
                  <Route path="kb/new" element={<ArticleEditor />} />
                  <Route path="kb/:id" element={<ArticleEditor />} />
                  <Route path="returns" element={<ReturnList />} />
                  <Route path="returns/new" element={<ReturnForm />} />
                  <Route path="returns/:id" element={<ReturnPage />} />
                  <Route path="service-settings" element={<ServiceSettings />} />
                  <Route path="products" element={<ProductList />} />
                  <Route path="products/new" element={<ProductForm />} />
                  <Route path="products/:id" element={<ProductForm />} />
                  <Route path="warehouses" element={<WarehouseList />} />
                  <Route path="stock" element={<StockPage />} />
                  <Route path="users" element={<UserList />} />
                  <Route path="leads" element={<LeadList />} />
                  <Route path="leads/:id" element={<LeadPage />} />
                  <Route path="opportunities" element={<Pipeline />} />
                  <Route path="opportunities/:id" element={<OpportunityPage />} />
                  <Route path="opportunity-list" element={<OpportunityList />} />
                  <Route path="activities" element={<ActivityList />} />
                  <Route path="segments" element={<SegmentList />} />
                  <Route path="campaigns" element={<CampaignList />} />
                  <Route path="*" element={<NotFoundPage />} />
                </Route>
              </Routes>
            </Suspense>
          </BrowserRouter>
        </ErrorBoundary>
      </Localized>
    </QueryClientProvider>
  );
}
