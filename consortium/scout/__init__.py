"""Rankings for cluster managers: scouting, the call radar, the cross-cluster map."""
