import { callBound } from './client'
import type { SessionInfo, SetupRequest } from './types'

/** DashboardService.Figures argument: '' = every workspace the user acts in. */
export interface DashboardQuery {
  workspaceId: string
  top?: number
}

export type DashboardScope = 'all' | 'workspaces' | 'own'

export interface DashboardCount { key: string; count: number }
export interface DashboardProfileCount { id: string; name: string; role: 'owner' | 'admin' | 'agent'; icon: string; builtin: boolean; count: number }
export interface CampaignStaff { id: string; name: string; workspaceId: string; active: boolean; agents: number; supervisors: number }
export interface OwnerCount { userId: string; name: string; count: number }
export interface OwnerFollowups { userId: string; name: string; overdue: number; today: number }

/** DashboardService.Figures answer (docs/bindings.md, DashboardService). */
export interface DashboardFigures {
  scope: DashboardScope
  workspaceId: string
  workspaces: { id: string; name: string }[]
  today: string
  users: { total: number; byStatus: DashboardCount[]; byProfile: DashboardProfileCount[]; presence: DashboardCount[] }
  campaigns: { total: number; active: number; staff: CampaignStaff[] }
  portfolio: {
    clients: number; unassigned: number; owners: number; top: OwnerCount[]
    restOwners: number; restClients: number; min: number; median: number; max: number
  }
  followups: { overdue: number; today: number; byOwner: OwnerFollowups[]; restOwners: number }
}

/** What the first run with demo data made (DemoService.Setup). */
export interface DemoSummary {
  workspaces: number; users: number; teams: number; campaigns: number; clients: number; followups: number
  password: string; adminLogin: string; agentLogin: string; elapsedMs: number
}

export interface DemoSetup { session: SessionInfo; demo: DemoSummary }

/** DashboardService: the figures of the dashboard (F11.2). */
/** What a new organization has set up, for the home page's next steps. */
export interface GettingStarted { applies: boolean; people: number; customProfiles: number; teams: number; campaigns: number; clients: number }

export const dashboardApi = {
  figures: (q: DashboardQuery) => (callBound('DashboardService', 'Figures', q) as Promise<DashboardFigures>),
  gettingStarted: () => (callBound('DashboardService', 'GettingStarted') as Promise<GettingStarted>),
}

/** DemoService: the first run with demo data. */
export const demoApi = {
  setup: (req: SetupRequest) => (callBound('DemoService', 'Setup', req) as Promise<DemoSetup>),
}
