import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useT } from '../i18n/index.ts';

interface Props {
  /** A new key (another screen) starts over. */
  resetKey: string;
  children: ReactNode;
}

interface State {
  error: Error | null;
  key: string;
}

/**
 * One screen that fails to draw (a document the server let through that this version cannot show)
 * takes down that screen only: the navigation, the sync, and a call in progress (kept in its store,
 * outside React) carry on, and the user is told what went wrong and how to go on.
 */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null, key: this.props.resetKey };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey === state.key ? null : { error: null, key: props.resetKey };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('A screen failed to draw', error, info.componentStack);
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    return <ScreenFailed error={this.state.error} onRetry={() => this.setState({ error: null })} />;
  }
}

function ScreenFailed({ error, onRetry }: { error: Error; onRetry: () => void }) {
  const t = useT();
  return (
    <main className="screen screen-failed" role="alert">
      <h1>{t('boundary.title')}</h1>
      <p>{t('boundary.body')}</p>
      <p className="muted">
        {t('boundary.detail')}: <code>{error.message.slice(0, 300)}</code>
      </p>
      <button className="button button--primary" type="button" onClick={onRetry}>
        {t('boundary.retry')}
      </button>
    </main>
  );
}
