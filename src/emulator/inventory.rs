//! An account's inventory: regions, instances (pre-serialised once), security groups; all
//! generated deterministically from a seed.

use std::collections::HashMap;

use rand::rngs::StdRng;
use rand::seq::IndexedRandom as _;
use rand::{Rng as _, SeedableRng as _};
use serde_json::value::RawValue;

use super::generate;
use super::regions::{self, RegionInfo};

/// What an account holds.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct InventorySpec {
    /// How many regions DescribeRegions lists (real region ids first, in the real order).
    pub regions: usize,
    /// Instances in all: the first non-empty region holds half, the rest are spread evenly.
    pub instances: usize,
    pub seed: u64,
    /// Region ids that hold no instances at all.
    pub empty_regions: Vec<String>,
    /// Region ids where this identity lacks RAM permission: every call about the region fails
    /// with 403 `Forbidden.RAM` (a DryRun too). DescribeRegions still lists them.
    pub forbidden_regions: Vec<String>,
}

impl InventorySpec {
    #[must_use]
    pub fn new(regions: usize, instances: usize, seed: u64) -> Self {
        InventorySpec {
            regions,
            instances,
            seed,
            empty_regions: Vec::new(),
            forbidden_regions: Vec::new(),
        }
    }
}

/// Small rng helpers: every choice in the inventory goes through one seeded generator.
pub(crate) struct Gen(pub StdRng);

impl Gen {
    pub fn new(seed: u64) -> Self {
        Gen(StdRng::seed_from_u64(seed))
    }

    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { self.0.random_range(0..n) }
    }

    pub fn range(&mut self, lo: u32, hi: u32) -> u32 {
        self.0.random_range(lo..=hi)
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.0.random_bool(p.clamp(0.0, 1.0))
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        items
            .choose(&mut self.0)
            .unwrap_or_else(|| unreachable!("picking from a constant, non-empty table"))
    }

    /// `len` characters of the resource-id alphabet.
    pub fn id_chars(&mut self, len: usize) -> String {
        (0..len)
            .map(|_| char::from(*self.pick(super::catalog::ID_ALPHABET)))
            .collect()
    }

    pub fn u64(&mut self) -> u64 {
        self.0.random()
    }
}

/// One instance: the fields filters look at, and its API object serialised once.
#[derive(Debug)]
pub struct InstanceRecord {
    pub instance_id: String,
    pub instance_name: String,
    pub status: &'static str,
    pub zone_id: String,
    pub vpc_id: String,
    pub vswitch_id: String,
    pub instance_type: &'static str,
    pub instance_charge_type: &'static str,
    pub security_group_ids: Vec<String>,
    pub tags: Vec<(String, String)>,
    /// What DescribeDisks needs to derive this instance's disks on demand.
    pub disk_plan: generate::DiskPlan,
    pub json: Box<RawValue>,
}

#[derive(Debug)]
pub struct SecurityGroupRecord {
    pub security_group_id: String,
    pub vpc_id: String,
    pub json: Box<RawValue>,
}

/// One region of one account.
#[derive(Debug)]
pub struct RegionInventory {
    pub info: RegionInfo,
    pub forbidden: bool,
    pub instances: Vec<InstanceRecord>,
    pub security_groups: Vec<SecurityGroupRecord>,
    by_id: HashMap<String, usize>,
}

impl RegionInventory {
    #[must_use]
    pub fn instance(&self, instance_id: &str) -> Option<&InstanceRecord> {
        self.by_id.get(instance_id).map(|&i| &self.instances[i])
    }
}

/// Everything one account holds, in API order.
#[derive(Debug)]
pub struct Inventory {
    regions: Vec<RegionInventory>,
    index: HashMap<String, usize>,
}

impl Inventory {
    /// Builds the inventory; the same spec always gives the same inventory.
    #[must_use]
    pub fn generate(spec: &InventorySpec) -> Self {
        let infos = regions::regions(spec.regions);
        let counts = distribute(spec, &infos);
        let regions: Vec<RegionInventory> = infos
            .into_iter()
            .zip(counts)
            .enumerate()
            .map(|(i, (info, count))| {
                let seed = spec
                    .seed
                    .wrapping_mul(0x9E37_79B9_7F4A_7C15)
                    .wrapping_add(i as u64 + 1);
                let forbidden = spec.forbidden_regions.contains(&info.region_id);
                let (instances, security_groups) =
                    generate::region(&mut Gen::new(seed), &info, count);
                let by_id = instances
                    .iter()
                    .enumerate()
                    .map(|(n, r)| (r.instance_id.clone(), n))
                    .collect();
                RegionInventory {
                    info,
                    forbidden,
                    instances,
                    security_groups,
                    by_id,
                }
            })
            .collect();
        let index = regions
            .iter()
            .enumerate()
            .map(|(i, r)| (r.info.region_id.clone(), i))
            .collect();
        Inventory { regions, index }
    }

    /// Regions in DescribeRegions order.
    #[must_use]
    pub fn regions(&self) -> &[RegionInventory] {
        &self.regions
    }

    #[must_use]
    pub fn region(&self, region_id: &str) -> Option<&RegionInventory> {
        self.index.get(region_id).map(|&i| &self.regions[i])
    }

    /// Every instance object of every region the identity may read, in the order
    /// `ecs-tui instances --all-regions` prints them (regions in DescribeRegions order,
    /// instances in API order).
    #[must_use]
    pub fn instances_json(&self) -> Vec<serde_json::Value> {
        self.regions
            .iter()
            .filter(|r| !r.forbidden)
            .flat_map(|r| &r.instances)
            .map(|i| serde_json::from_str(i.json.get()).unwrap_or(serde_json::Value::Null))
            .collect()
    }

    /// The same objects as [`Inventory::instances_json`], as the exact text the API sends.
    #[must_use]
    pub fn instances_raw(&self) -> Vec<&RawValue> {
        self.regions
            .iter()
            .filter(|r| !r.forbidden)
            .flat_map(|r| &r.instances)
            .map(|i| i.json.as_ref())
            .collect()
    }

    /// The region objects DescribeRegions returns (default language, zh-CN).
    #[must_use]
    pub fn regions_json(&self) -> Vec<serde_json::Value> {
        self.regions
            .iter()
            .map(|r| generate::region_object(&r.info, false))
            .collect()
    }

    /// Number of instances in all regions, forbidden ones included.
    #[must_use]
    pub fn instance_count(&self) -> usize {
        self.regions.iter().map(|r| r.instances.len()).sum()
    }
}

/// Half of all instances in the first region that may hold any, the rest spread evenly.
fn distribute(spec: &InventorySpec, infos: &[RegionInfo]) -> Vec<usize> {
    let mut counts = vec![0; infos.len()];
    let holders: Vec<usize> = infos
        .iter()
        .enumerate()
        .filter(|(_, r)| !spec.empty_regions.contains(&r.region_id))
        .map(|(i, _)| i)
        .collect();
    let Some((&first, rest)) = holders.split_first() else {
        return counts;
    };
    if rest.is_empty() {
        counts[first] = spec.instances;
        return counts;
    }
    let others = spec.instances / 2;
    counts[first] = spec.instances - others;
    for (k, &i) in rest.iter().enumerate() {
        counts[i] = others / rest.len() + usize::from(k < others % rest.len());
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_region_holds_half_and_the_rest_is_even() {
        let inv = Inventory::generate(&InventorySpec::new(4, 301, 7));
        let counts: Vec<usize> = inv.regions().iter().map(|r| r.instances.len()).collect();
        assert_eq!(counts, vec![151, 50, 50, 50]);
        assert_eq!(inv.instance_count(), 301);
    }

    #[test]
    fn empty_regions_hold_nothing() {
        let mut spec = InventorySpec::new(3, 10, 7);
        spec.empty_regions = vec!["cn-qingdao".into()];
        let inv = Inventory::generate(&spec);
        let counts: Vec<usize> = inv.regions().iter().map(|r| r.instances.len()).collect();
        assert_eq!(counts, vec![0, 5, 5]);
    }

    #[test]
    fn same_seed_same_inventory_other_seed_other_inventory() {
        let a = Inventory::generate(&InventorySpec::new(3, 40, 1));
        let b = Inventory::generate(&InventorySpec::new(3, 40, 1));
        let c = Inventory::generate(&InventorySpec::new(3, 40, 2));
        assert_eq!(a.instances_json(), b.instances_json());
        assert_ne!(a.instances_json(), c.instances_json());
    }

    #[test]
    fn ids_are_unique_and_findable() {
        let inv = Inventory::generate(&InventorySpec::new(2, 500, 3));
        let region = &inv.regions()[0];
        let mut ids: Vec<&str> = region
            .instances
            .iter()
            .map(|i| i.instance_id.as_str())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), region.instances.len());
        let first = &region.instances[0];
        assert!(
            first.instance_id.starts_with("i-m5e"),
            "{}",
            first.instance_id
        );
        assert_eq!(
            region.instance(&first.instance_id).map(|i| i.json.get()),
            Some(first.json.get())
        );
    }
}
