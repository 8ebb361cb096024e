import { Route, Routes } from 'react-router';
import { CitizenLayout } from './CitizenLayout.tsx';
import { CitizenHomePage } from './pages/CitizenHomePage.tsx';
import { CitizenNotFoundPage } from './pages/CitizenNotFoundPage.tsx';
import { ScopePage } from './pages/ScopePage.tsx';
import { SubmitPage } from './pages/SubmitPage.tsx';
import { TrackPage } from './pages/TrackPage.tsx';

/**
 * The public citizen portal, mounted at `/cong-dan/*` (paths.ts): its own layout and pages,
 * no login and no session (it never calls /auth/me).
 */
export function CitizenPortal() {
  return (
    <Routes>
      <Route element={<CitizenLayout />}>
        <Route index element={<CitizenHomePage />} />
        <Route path="gui" element={<SubmitPage />} />
        <Route path="tra-cuu" element={<TrackPage />} />
        <Route path="pham-vi" element={<ScopePage />} />
        <Route path="*" element={<CitizenNotFoundPage />} />
      </Route>
    </Routes>
  );
}
