import { useCallback, useEffect, useState } from 'react';

/** The open process id lives in the URL hash (`#/process/<id>`) so a reload reopens it. */
export function useHashRoute(): [string | null, (id: string | null) => void] {
  const [processId, setProcessId] = useState<string | null>(() => parse(window.location.hash));
  useEffect(() => {
    const onHashChange = (): void => setProcessId(parse(window.location.hash));
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);
  const navigate = useCallback((id: string | null) => {
    window.location.hash = id ? `#/process/${encodeURIComponent(id)}` : '#/';
  }, []);
  return [processId, navigate];
}

function parse(hash: string): string | null {
  const match = /^#\/process\/([^/]+)$/.exec(hash);
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}
