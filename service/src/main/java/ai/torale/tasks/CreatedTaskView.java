package ai.torale.tasks;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * The create response: the Task object plus {@code immediate_execution_error}, which only create
 * carries.
 */
public record CreatedTaskView(@JsonUnwrapped TaskView task, String immediateExecutionError) {}
