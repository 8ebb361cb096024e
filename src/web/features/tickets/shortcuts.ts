// Keyboard shortcuts of the operator console (listed on screen where they work).
import { useEffect } from 'react';
import { useNavigate } from 'react-router';

/** Alt+N: file a new ticket (the incoming-call panel); Alt+L: the ticket list. */
export function useConsoleShortcuts(): void {
  const navigate = useNavigate();
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey) return;
      const key = event.code;
      if (key === 'KeyN') {
        event.preventDefault();
        void navigate('/tickets/new');
      } else if (key === 'KeyL') {
        event.preventDefault();
        void navigate('/tickets');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigate]);
}
