package enum ReconcileModule {}
