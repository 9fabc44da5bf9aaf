import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/problem';
import i18n from '../i18n';
import { LoginForm } from './LoginForm';

describe('LoginForm', () => {
  it('asks for both fields before submitting', async () => {
    await i18n.changeLanguage('en');
    const onSubmit = vi.fn();
    render(<LoginForm onSubmit={onSubmit} />);
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Enter your e-mail address.')).toBeInTheDocument();
    expect(screen.getByText('Enter your password.')).toBeInTheDocument();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('submits with Enter', async () => {
    await i18n.changeLanguage('en');
    const onSubmit = vi.fn();
    render(<LoginForm onSubmit={onSubmit} />);
    await userEvent.type(screen.getByLabelText('E-mail'), 'ann@example.com');
    await userEvent.type(screen.getByLabelText('Password'), 'correct horse{Enter}');
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith({ email: 'ann@example.com', password: 'correct horse' }));
  });

  it('shows the server problem as a readable message with its request ID', async () => {
    await i18n.changeLanguage('en');
    const err = new ApiError(401, {
      type: 'about:blank',
      title: 'Unauthorized',
      status: 401,
      code: 'invalid_credentials',
      detail: 'wrong e-mail address or password',
      request_id: 'req_01ABC',
    });
    render(<LoginForm onSubmit={() => {}} error={err} />);
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('Sign-in failed');
    expect(alert).toHaveTextContent('wrong e-mail address or password');
    expect(alert).toHaveTextContent('req_01ABC');
  });

  it('speaks Chinese', async () => {
    await i18n.changeLanguage('zh-CN');
    render(<LoginForm onSubmit={() => {}} />);
    expect(screen.getByRole('button', { name: /登\s*录/ })).toBeInTheDocument();
    expect(screen.getByLabelText('密码')).toBeInTheDocument();
    await i18n.changeLanguage('en');
  });
});
