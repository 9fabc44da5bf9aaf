import { Component, type ReactNode } from 'react';
import { ErrorAlert } from './ErrorAlert';

/** ErrorBoundary keeps a rendering bug from leaving a blank page. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: unknown }> {
  state = { error: undefined as unknown };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  render() {
    if (this.state.error !== undefined) {
      return (
        <div style={{ padding: 24 }}>
          <ErrorAlert error={this.state.error} onRetry={() => this.setState({ error: undefined })} />
        </div>
      );
    }
    return this.props.children;
  }
}
