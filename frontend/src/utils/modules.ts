import type { Component } from 'vue'
import {
  BarChartOutline, BriefcaseOutline, CalendarOutline, HomeOutline, IdCardOutline, MegaphoneOutline,
  PeopleCircleOutline, PeopleOutline, SettingsOutline, ShieldCheckmarkOutline,
  SyncOutline,
} from '@vicons/ionicons5'
import type { Module } from '@/api'

/** The icon of each module in the sidebar, on Home and on its page. */
export const moduleIcons: Record<Module | 'home', Component> = {
  home: HomeOutline,
  users: PeopleOutline,
  profiles: IdCardOutline,
  teams: PeopleCircleOutline,
  campaigns: MegaphoneOutline,
  clients: BriefcaseOutline,
  agenda: CalendarOutline,
  reports: BarChartOutline,
  settings: SettingsOutline,
  sync: SyncOutline,
  audit: ShieldCheckmarkOutline,
}
