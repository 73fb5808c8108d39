//! `App::update`: every Action dispatched to the code that owns it.

use super::navigate::Move;
use super::{Action, App, Command, DetailKind, FlashLevel, Focus, Popup};

impl App {
    /// Advances the state; returns what must be done outside.
    pub fn update(&mut self, action: Action) -> Vec<Command> {
        if let Some(mut commands) = self
            .dialog_key(&action)
            .or_else(|| self.detail_key(&action))
        {
            commands.extend(self.settle());
            return commands;
        }
        let mut commands = match action {
            Action::SelectPrev => self.move_cursor(Move::By(-1)),
            Action::SelectNext => self.move_cursor(Move::By(1)),
            Action::SelectFirst => self.move_cursor(Move::First),
            Action::SelectLast => self.move_cursor(Move::Last),
            Action::PageUp => self.move_cursor(Move::Page(-1)),
            Action::PageDown => self.move_cursor(Move::Page(1)),
            Action::FocusNext | Action::FocusPrev => {
                self.focus = match self.focus {
                    Focus::Regions => Focus::Instances,
                    Focus::Instances => Focus::Regions,
                };
                Vec::new()
            }
            Action::FocusRegions => {
                self.focus = Focus::Regions;
                Vec::new()
            }
            Action::FocusInstances => {
                self.focus = Focus::Instances;
                Vec::new()
            }
            Action::Enter => self.enter(),
            Action::Back => self.back(),
            Action::SelectAllRegions => {
                self.popup = None;
                self.focus = Focus::Regions;
                self.region_cursor = 0;
                self.region_offset = 0;
                self.current_region = None;
                self.show_all_regions()
            }
            Action::Refresh => self.refresh(),
            Action::RefreshAll => self.refresh_all(),
            Action::OpenProfiles => {
                self.popup = Some(Popup::Profiles {
                    cursor: self.profile,
                });
                Vec::new()
            }
            Action::OpenHelp => {
                self.popup = Some(Popup::Help { scroll: 0 });
                Vec::new()
            }
            Action::Suspend => vec![Command::Suspend],
            Action::Quit => vec![Command::Quit],
            Action::Tick => {
                let idle = !self.is_loading() && self.all.queue.is_empty();
                if (self.flash.as_ref())
                    .is_some_and(|f| self.now >= f.until || (f.progress && idle))
                {
                    self.flash = None;
                }
                self.auto_refresh()
            }
            Action::Resize { width, height } => {
                self.width = width;
                self.height = height;
                self.clamp_all();
                self.clamp_detail();
                Vec::new()
            }
            Action::RegionsLoaded {
                profile,
                generation,
                result,
            } => self.regions_loaded(&profile, generation, result),
            Action::InstancesLoaded {
                profile,
                region,
                generation,
                result,
            } => self.instances_loaded(&profile, &region, generation, result),
            Action::PermissionChecked {
                profile,
                region,
                generation,
                result,
            } => self.permission_checked(&profile, &region, generation, result),
            Action::Describe => self.open_detail(DetailKind::Describe),
            Action::ShowJson => self.open_detail(DetailKind::Json),
            Action::CopyId => self.copy_id(),
            Action::Ssh => self.ssh(),
            Action::OpenConsole => self.open_console(),
            Action::SaveView => self.save_view(),
            Action::SaveAs(format) => self.save_as(format),
            Action::SearchStart => self.search_start(),
            Action::SearchInput(c) => self.search_input(c),
            Action::SearchBackspace => self.search_backspace(),
            Action::SearchSubmit => self.search_submit(),
            Action::SearchNext => self.search_step(true),
            Action::SearchPrev => self.search_step(false),
            Action::DisksLoaded {
                profile,
                region,
                instance,
                generation,
                result,
            } => self.disks_loaded((&profile, &region, &instance, generation), result),
            Action::SecurityGroupsLoaded {
                profile,
                region,
                instance,
                generation,
                result,
            } => self.security_groups_loaded((&profile, &region, &instance, generation), result),
            Action::CachedRegionsLoaded {
                profile,
                regions,
                age,
            } => self.cached_regions_loaded(&profile, regions, age),
            Action::CachedInstancesLoaded {
                profile,
                region,
                instances,
                age,
            } => self.cached_instances_loaded(&profile, &region, instances, age),
            Action::InstancesProgress {
                profile,
                region,
                generation,
                step,
            } => self.instances_progress((&profile, &region, generation), step),
            Action::CachedCountsLoaded { profile, counts } => {
                self.cached_counts_loaded(&profile, counts)
            }
            Action::ViewSaved { result } => self.view_saved(result),
            Action::OpenFilter => self.open_filter(),
            Action::FilterInput(c) => self.filter_input(c),
            Action::FilterDelete => self.filter_delete(),
            Action::FilterClearInput => self.filter_clear_input(),
            Action::ApplyFilter => self.apply_filter(),
            Action::ClearFilter => self.clear_filter(),
            Action::SortBy(key) => self.sort_by(key),
            Action::SelectFavorite(n) => self.select_favorite(n),
            Action::OpenErrors => {
                self.popup = Some(Popup::Errors { scroll: 0 });
                Vec::new()
            }
            Action::Click { column, row } => self.click(column, row),
            Action::Scroll { column, row, down } => self.scroll(column, row, down),
            Action::ClockCorrected { warning } => {
                tracing::warn!("{warning}");
                self.flash(FlashLevel::Warn, format!("⚠ {warning}"));
                Vec::new()
            }
            Action::OpenCopyMenu => self.open_copy_menu(),
            Action::CopyField(field) => self.copy_field(field),
            Action::Copied { what, text, tool } => self.copied(&what, &text, tool),
            Action::SshEnded { report } => self.ssh_ended(report),
            Action::UrlOpened { url, result } => {
                self.url_opened(&url, result);
                Vec::new()
            }
            Action::ToggleRegions => self.toggle_regions(),
        };
        commands.extend(self.settle());
        commands
    }

    pub(super) fn enter(&mut self) -> Vec<Command> {
        match self.popup {
            Some(Popup::Profiles { cursor }) => {
                self.popup = None;
                self.switch_profile(cursor)
            }
            Some(Popup::Help { .. } | Popup::Errors { .. }) => {
                self.popup = None;
                Vec::new()
            }
            None => {
                match self.focus {
                    Focus::Regions if self.current_region.is_some() || self.all.active => {
                        self.focus = Focus::Instances;
                    }
                    Focus::Regions => {}
                    Focus::Instances => return self.open_detail(DetailKind::Describe),
                }
                Vec::new()
            }
        }
    }
}
