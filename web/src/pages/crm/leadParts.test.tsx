import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import i18n from '../../i18n';
import { ScoreFactors, leadName } from './leadParts';

describe('ScoreFactors', () => {
  it('explains each rule with its points, in English and Chinese', async () => {
    const factors = [
      { code: 'fit.company_size', group: 'fit' as const, points: 15, detail: '120 employees' },
      { code: 'engagement.source', group: 'engagement' as const, points: 10, detail: 'campaign' },
    ];
    await i18n.changeLanguage('en');
    const { unmount } = render(<ScoreFactors factors={factors} />);
    expect(screen.getByText('Company size')).toBeInTheDocument();
    expect(screen.getByText('120 employees')).toBeInTheDocument();
    expect(screen.getByText('15 points')).toBeInTheDocument();
    expect(screen.getByText('Engagement')).toBeInTheDocument();
    unmount();
    await i18n.changeLanguage('zh-CN');
    render(<ScoreFactors factors={factors} />);
    expect(screen.getByText('公司规模')).toBeInTheDocument();
    expect(screen.getByText('15 分')).toBeInTheDocument();
    await i18n.changeLanguage('en');
  });

  it('says so when no rule gave points', async () => {
    await i18n.changeLanguage('en');
    render(<ScoreFactors factors={[]} />);
    expect(screen.getByText('No rule gave points.')).toBeInTheDocument();
  });
});

describe('leadName', () => {
  it('is the person, else the company', () => {
    expect(leadName({ first_name: 'Hanna', last_name: 'Moos', company_name: 'Blauer See' })).toBe('Hanna Moos');
    expect(leadName({ first_name: '', last_name: '', company_name: 'Blauer See' })).toBe('Blauer See');
  });
});
