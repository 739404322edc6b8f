package dev.aikeywizard.wizard.key;

class LocalKeyAllowanceTests extends KeyAllowanceContract {

	@Override
	KeyAllowance allowance(int limit) {
		return new LocalKeyAllowance(limit, this.clock);
	}

}
